"""What was done about a supplier's standing, for its page: the latest scored period and
the open suspension proposal (read with the supplier itself), then, in the page's panels,
the consequences the scorecard set off (the owner told, the re-evaluation brought
forward), the suspension proposals pending or decided (each with its score at proposal and
the score of its period now), the requests to the supplier and its performance reviews.
A fixed number of queries whatever the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet, Subquery

from relmgmt.audit import selectors as audit_selectors
from relmgmt.core.scoping import scope_key
from relmgmt.notifications import selectors as reminder_selectors
from suppliers.models import ScorecardResult, Supplier, SuspensionProposal
from suppliers.models.requests import RequestStatus
from suppliers.models.scorecards import ProposalStatus
from suppliers.selectors import performance_reviews as review_selectors
from suppliers.selectors import requests as request_selectors

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

# How many of each kind the page shows (the newest); the rest are on their own pages.
SHOWN = 5
REQUESTS_SHOWN = 20
# The reason the scorecard gives when it brings a re-evaluation forward starts so.
SCORECARD_REASON = "Scorecard for "
# The reminder that tells the owner of a new standing (``reminder_kinds.SCORECARD_STANDING``,
# which imports the selectors, so named here by its key).
SCORECARD_STANDING_KIND = "suppliers.scorecard_standing"


@dataclass
class Consequence:
    when: Any
    what: str


@dataclass
class Governance:
    consequences: list[Consequence] = field(default_factory=list)
    proposals: list[Any] = field(default_factory=list)
    requests: list[Any] = field(default_factory=list)
    reviews: list[Any] = field(default_factory=list)


def suppliers_with_standing(*, organization: Organization) -> QuerySet[Supplier]:
    """The organisation's suppliers, with their party and owner, their latest scored period
    (``latest_period``, ``latest_score``, ``latest_standing``) and their open suspension
    proposal (``open_proposal_pk``, ``open_proposal_period``), read in the suppliers' own
    statement: what the supplier's page shows first of its standing."""
    return _suppliers_with_standing(scope_key(), organization.pk).all()


# Built once per scope and organisation (what its filters read) and copied for each use
# with ``all()``: resolving the five subqueries into the query took about a tenth of the
# supplier's page. The one kept is never evaluated itself.
@lru_cache(maxsize=256)
def _suppliers_with_standing(_scope: str, organization_id: int) -> QuerySet[Supplier]:
    suppliers = Supplier.objects.filter(organization_id=organization_id).select_related(
        "party", "owner"
    )
    scored = ScorecardResult.objects.filter(
        organization_id=organization_id, supplier=OuterRef("pk"), score__isnull=False
    ).order_by("-period_start")
    pending = SuspensionProposal.objects.filter(
        organization_id=organization_id, supplier=OuterRef("pk"), status=ProposalStatus.OPEN
    ).order_by("-created_at", "-id")
    return suppliers.annotate(
        latest_period=Subquery(scored.values("period_start")[:1]),
        latest_score=Subquery(scored.values("score")[:1]),
        latest_standing=Subquery(scored.values("standing")[:1]),
        open_proposal_pk=Subquery(pending.values("pk")[:1]),
        open_proposal_period=Subquery(pending.values("period_start")[:1]),
    )


def supplier_governance(*, organization: Organization, supplier: Supplier) -> Governance:
    """What the scorecard set off and the suspension proposals (three queries: the
    proposals with the score of their period now, the trail's events, the reminders)."""
    now = ScorecardResult.objects.filter(
        organization=organization,
        supplier=supplier,
        score__isnull=False,
        period_start=OuterRef("period_start"),
    )
    proposals = list(
        SuspensionProposal.objects.filter(organization=organization, supplier=supplier)
        .select_related("decided_by", "signature")
        .annotate(
            # The score of each proposal's period as it stands now (it may have been
            # recomputed).
            score_now=Subquery(now.values("score")[:1]),
            standing_now=Subquery(now.values("standing")[:1]),
        )
        .order_by("-created_at", "-id")[:SHOWN]
    )
    for proposal in proposals:
        proposal.standing_now = proposal.standing_now or ""
    consequences = [
        Consequence(event.occurred_at, f"Re-evaluation brought forward: {event.reason}")
        for event in audit_selectors.history_of(supplier, organization=organization).filter(
            reason__startswith=SCORECARD_REASON
        )[:SHOWN]
    ]
    consequences += [
        Consequence(
            reminder.sent_at or reminder.send_at,
            f"Relationship owner told ({reminder.get_status_display().lower()})",
        )
        for reminder in reminder_selectors.reminders_of(supplier, organization=organization)
        .filter(kind=SCORECARD_STANDING_KIND, escalation_level=0)
        .order_by("-send_at")[:SHOWN]
    ]
    consequences.sort(key=lambda item: item.when, reverse=True)
    return Governance(consequences=consequences, proposals=proposals)


def requests_and_reviews(*, organization: Organization, supplier: Supplier) -> Governance:
    """The requests still open (awaiting the supplier, or its answer awaiting the buyer)
    and the latest performance reviews (two queries)."""
    requests = list(
        request_selectors.supplier_requests(organization=organization)
        .filter(supplier=supplier)
        .exclude(status=RequestStatus.CLOSED)
        .order_by("due_date", "id")[:REQUESTS_SHOWN]
    )
    reviews = list(
        review_selectors.performance_reviews(organization=organization).filter(supplier=supplier)[
            :SHOWN
        ]
    )
    return Governance(requests=requests, reviews=reviews)
