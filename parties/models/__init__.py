"""The register of interested parties (ISO 9001 4.2, 6.1; ISO 44001 relationship plans),
one module per area.

Every model is a tenant record: audited, scoped, constrained by organisation. People named
as owners, reviewers or participants are users; the services check that they are members
of the organisation when they are named.

Every model is imported here so that Django finds them and callers may write
``from parties.models import Party``; in the order the single module declared them, which
is the order Django lists them in.
"""

# isort: off
from parties.models.register import PARTY_TYPE_LABELS, Need, Party, PartyType, Tier
from parties.models.contacts import Contact
from parties.models.interactions import FollowUp, Interaction, InteractionContact, InteractionMember
from parties.models.reviews import Review
from parties.models.plans import PlanSection, PlanVersion, RelationshipPlan
from parties.models.risks import Risk
# isort: on

__all__ = [
    "PARTY_TYPE_LABELS",
    "Contact",
    "FollowUp",
    "Interaction",
    "InteractionContact",
    "InteractionMember",
    "Need",
    "Party",
    "PartyType",
    "PlanSection",
    "PlanVersion",
    "RelationshipPlan",
    "Review",
    "Risk",
    "Tier",
]
