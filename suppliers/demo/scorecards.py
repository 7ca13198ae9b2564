"""Demo scorecards: the default definition, a few manual ratings, every score computed from
the demo deliveries (months without deliveries show as "no data"), and a pending proposal
to suspend the approved supplier that scored worst. Seeding again changes nothing."""

from decimal import Decimal

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import ScorecardDefinition, ScorecardResult, Supplier, SuspensionProposal
from suppliers.models.periods import period_before, period_start_of
from suppliers.models.scorecards import ProposalStatus
from suppliers.services.scorecards import definitions as scorecard_definitions
from suppliers.services.scorecards import recompute as scorecard_recompute

# code -> rating (1 to 5) of last month: one of each standing's worth.
RATINGS = {"SUP-001": "5", "SUP-005": "3", "SUP-006": "4", "SUP-017": "1", "SUP-019": "2"}


@register
def seed(organization):
    if ScorecardDefinition.objects.exists():
        return
    manager = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
        .user
    )
    scorecard_definitions.definition_create_default(
        organization=organization, actor=manager, recompute=False
    )
    last_month = period_before(
        period_start_of(organization_today(organization), "monthly"), "monthly"
    )
    by_code = {s.code: s for s in Supplier.objects.filter(code__in=RATINGS)}
    for code, rating in RATINGS.items():
        if code in by_code:
            scorecard_definitions.manual_rating_save(
                organization=organization,
                actor=manager,
                supplier=by_code[code],
                period_start=last_month,
                rating=Decimal(rating),
                note="Demo: quarterly business review impression",
            )
    scorecard_recompute.scorecards_recompute(
        organization=organization, actor=manager, note="demo data"
    )
    if SuspensionProposal.objects.filter(status=ProposalStatus.OPEN).exists():
        return
    worst = (
        ScorecardResult.objects.filter(
            score__isnull=False, supplier__status__in=["approved", "conditionally_approved"]
        )
        .select_related("definition")
        .order_by("score", "-period_start")
        .first()
    )
    if worst is not None:
        with acting_as(None, label="scorecard"), audit_reason("Demo data"):
            SuspensionProposal.objects.create(
                organization=organization,
                supplier_id=worst.supplier_id,
                period_start=worst.period_start,
                score=worst.score,
                standing=worst.standing,
                definition=worst.definition,
            )
