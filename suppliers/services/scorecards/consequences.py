"""What a new standing sets off, per the definition: tell the owner, bring the
re-evaluation forward, propose a suspension (which a manager then decides, signed).

Only a change into a standing counts, and only in the supplier's latest scored period:
recomputing old periods (a new definition, deliveries entered late for last year) never
suspends anyone for the past.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.services import scheduling
from suppliers.models import ScorecardResult, SuspensionProposal
from suppliers.models.periods import period_label
from suppliers.models.register import ApprovalStatus
from suppliers.models.scorecards import RANKED_STANDINGS, Consequence, ProposalStatus, Standing
from suppliers.reminder_kinds import SCORECARD_STANDING
from suppliers.services import approval

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import ScorecardDefinition

# How soon a required re-evaluation falls due.
REVIEW_WITHIN_DAYS = 30
SUSPENDABLE = (ApprovalStatus.APPROVED, ApprovalStatus.CONDITIONALLY_APPROVED)


def consequences_apply(
    *, organization: Organization, definition: ScorecardDefinition, run: str
) -> int:
    """Apply the consequences of the standings changed by ``run``; returns how many."""
    standings = [s for s in RANKED_STANDINGS if definition.consequences_of(s)]
    if not standings:
        return 0
    with org_scope(organization):
        # The results the run wrote into a new standing (each keeps the one it left).
        moved = list(
            ScorecardResult.objects.filter(
                organization=organization, run=run, standing__in=standings
            )
            .exclude(standing=F("previous_standing"))
            .select_related("supplier__party", "supplier__owner")
        )
        if not moved:
            return 0
        latest = dict(
            ScorecardResult.objects.filter(
                organization=organization,
                supplier_id__in={result.supplier_id for result in moved},
                score__isnull=False,
            )
            .values("supplier_id")
            .annotate(latest=Max("period_start"))
            .values_list("supplier_id", "latest")
        )
        applied = 0
        for result in moved:
            if latest.get(result.supplier_id) != result.period_start:
                continue
            for consequence in definition.consequences_of(result.standing):
                applied += _apply(organization, definition, result, consequence)
    return applied


def _apply(
    organization: Organization,
    definition: ScorecardDefinition,
    result: ScorecardResult,
    consequence: str,
) -> int:
    supplier = result.supplier
    label = Standing(result.standing).label.lower()
    period = period_label(result.period_start, definition.period)
    why = f"Scorecard for {period}: {result.score:g} points, {label}"
    if consequence == Consequence.NOTIFY_OWNER and supplier.owner_id:
        scheduling.reminder_schedule(
            organization=organization,
            kind=SCORECARD_STANDING.key,
            record=supplier,
            due_date=organization_today(organization),
            recipients=[supplier.owner],
            url=reverse(
                "suppliers:supplier_scorecard",
                kwargs={"org_slug": organization.slug, "pk": supplier.pk},
            ),
        )
        return 1
    if consequence == Consequence.REQUIRE_REVIEW:
        due = organization_today(organization) + timedelta(days=REVIEW_WITHIN_DAYS)
        if supplier.status == ApprovalStatus.DISQUALIFIED or (
            supplier.next_evaluation_due and supplier.next_evaluation_due <= due
        ):
            return 0
        approval.reevaluation_bring_forward(
            organization=organization,
            supplier=supplier,
            due=due,
            reason=f"{why}: re-evaluation required",
        )
        return 1
    if consequence == Consequence.PROPOSE_SUSPENSION:
        if supplier.status not in SUSPENDABLE:
            return 0
        if SuspensionProposal.objects.filter(
            supplier=supplier, status=ProposalStatus.OPEN
        ).exists():
            return 0
        with acting_as(None, label="scorecard", source="task"), audit_reason(why):
            SuspensionProposal.objects.create(
                organization=organization,
                supplier=supplier,
                period_start=result.period_start,
                score=result.score,
                standing=result.standing,
                definition=definition,
            )
        return 1
    return 0


def proposals_withdraw_recovered(
    *, organization: Organization, definition: ScorecardDefinition, run: str
) -> int:
    """Withdraw the open suspension proposals of the suppliers whose scores ``run`` changed
    and whose latest scored period no longer stands where the definition proposes a
    suspension; each is recorded (audit trail) with the score it recovered to. Returns how
    many."""
    proposing = {
        standing
        for standing in RANKED_STANDINGS
        if Consequence.PROPOSE_SUSPENSION in definition.consequences_of(standing)
    }
    with org_scope(organization):
        changed = ScorecardResult.objects.filter(organization=organization, run=run).values(
            "supplier_id"
        )
        open_proposals = list(
            SuspensionProposal.objects.filter(
                organization=organization,
                status=ProposalStatus.OPEN,
                supplier_id__in=changed,
            ).select_related("supplier__party")
        )
        withdrawn = 0
        for proposal in open_proposals:
            latest = (
                ScorecardResult.objects.filter(
                    organization=organization,
                    supplier_id=proposal.supplier_id,
                    score__isnull=False,
                )
                .order_by("-period_start")
                .first()
            )
            if latest is None or latest.standing in proposing:
                continue
            label = Standing(latest.standing).label.lower()
            period = period_label(latest.period_start, definition.period)
            reason = (
                f"The standing recovered: {period} now scores {latest.score:g} points, {label} "
                f"(proposed at {proposal.score:g}, {Standing(proposal.standing).label.lower()})"
            )
            with acting_as(None, label="scorecard", source="task"), audit_reason(reason):
                proposal.status = ProposalStatus.WITHDRAWN
                proposal.decision_reason = reason
                proposal.decided_at = timezone.now()
                proposal.save()
            withdrawn += 1
    return withdrawn
