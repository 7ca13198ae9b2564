"""The demo's scorecards: every standing and "no data" appear, and a proposal waits."""

from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Organization
from suppliers.models import ScorecardResult, SuspensionProposal


def test_the_demo_scores_every_standing_and_leaves_a_proposal_waiting(db):
    seed_demo()
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        standings = set(ScorecardResult.objects.values_list("standing", flat=True))
        assert {"excellent", "good", "needs_improvement", "poor"} <= standings
        months = ScorecardResult.objects.filter(supplier__code="SUP-001").count()
        assert months < 24  # months without deliveries have no result: "No data"
        assert SuspensionProposal.objects.filter(status="open").exists()
