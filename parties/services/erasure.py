"""What the parties app erases besides the contact itself when a contact is erased: the
contact's name, email and phone written into interaction summaries and decisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from parties.models import Interaction
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.redaction import redact_history, scrub

if TYPE_CHECKING:
    from parties.models import Contact
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

INTERACTION_FIELDS = ("summary", "decisions")


def interactions_erase(
    *, organization: Organization, actor: User | None, contact: Contact, former: dict, reason: str
) -> None:
    """Scrub the contact's former values from the interactions of the contact's party."""
    words = [former.get("name"), former.get("email"), former.get("phone")]
    for interaction in Interaction.objects.filter(party_id=contact.party_id).order_by("pk"):
        changed = []
        for field in INTERACTION_FIELDS:
            text = getattr(interaction, field)
            scrubbed = scrub(text, words)
            if scrubbed != text:
                setattr(interaction, field, scrubbed)
                changed.append(field)
        if changed:
            with acting_as(actor), audit_reason(reason):
                interaction.save(update_fields=changed)
                redact_history(
                    organization=organization, record=interaction, fields=changed, reason=reason
                )
