"""What was done about a supplier's standing, in one place for its page: the latest scored
period, the consequences the scorecard set off (the owner told, the re-evaluation brought
forward), the suspension proposals pending or decided (each with its score at proposal and
the score of its period now), the requests to the supplier and its performance reviews.
A fixed number of queries whatever the history."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from relmgmt.audit import selectors as audit_selectors
from relmgmt.notifications import selectors as reminder_selectors
from suppliers.models import ScorecardResult, SuspensionProposal
from suppliers.models.requests import RequestStatus
from suppliers.models.scorecards import ProposalStatus
from suppliers.selectors import performance_reviews as review_selectors
from suppliers.selectors import requests as request_selectors

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier

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
    latest: ScorecardResult | None
    consequences: list[Consequence] = field(default_factory=list)
    proposals: list[SuspensionProposal] = field(default_factory=list)
    requests: list[Any] = field(default_factory=list)
    reviews: list[Any] = field(default_factory=list)

    @property
    def open_proposal(self) -> SuspensionProposal | None:
        return next((p for p in self.proposals if p.status == ProposalStatus.OPEN), None)


def supplier_governance(*, organization: Organization, supplier: Supplier) -> Governance:
    results = ScorecardResult.objects.filter(
        organization=organization, supplier=supplier, score__isnull=False
    )
    latest = results.order_by("-period_start").first()
    proposals = list(
        SuspensionProposal.objects.filter(organization=organization, supplier=supplier)
        .select_related("decided_by", "signature")
        .order_by("-created_at", "-id")[:SHOWN]
    )
    # The score of each proposal's period as it stands now (it may have been recomputed).
    now = {
        period: (score, standing)
        for period, score, standing in results.filter(
            period_start__in={p.period_start for p in proposals}
        ).values_list("period_start", "score", "standing")
    }
    for proposal in proposals:
        score_now, standing_now = now.get(proposal.period_start, (None, ""))
        setattr(proposal, "score_now", score_now)  # noqa: B010  (a page attribute, not a field)
        setattr(proposal, "standing_now", standing_now)  # noqa: B010
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
    # The requests still open (awaiting the supplier, or its answer awaiting the buyer).
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
    return Governance(
        latest=latest,
        consequences=consequences,
        proposals=proposals,
        requests=requests,
        reviews=reviews,
    )
