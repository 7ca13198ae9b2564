"""The demo's re-evaluations, performance review and agreements, and their pages."""

from datetime import timedelta

from django.urls import reverse

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership, Organization
from suppliers.models import (
    Agreement,
    ContingencyPlan,
    Dispute,
    PerformanceReview,
    ReEvaluation,
    Supplier,
)
from suppliers.selectors.continuity import continuity


def test_the_demo_has_re_evaluations_a_review_with_actions_and_agreements(
    db, settings, tmp_path, client
):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_demo()
    seed_demo()  # idempotent
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        today = organization_today(organization)
        # Three of 2025 from the imported history, three recorded in the system since.
        assert ReEvaluation.objects.count() == 6
        assert ReEvaluation.objects.filter(imported_at__isnull=False).count() == 3
        assert ReEvaluation.objects.exclude(certificates_reviewed=[]).exists()
        overdue = Supplier.objects.get(code="SUP-003")
        assert overdue.next_evaluation_due < today
        review = PerformanceReview.objects.get()
        assert review.actions.count() == 3
        assert review.actions.filter(done_at__isnull=False).count() == 1
        agreement = Agreement.objects.get(contract_reference="SA-2025-001")
        assert agreement.service_levels.count() == 4
        assert agreement.disputes.get().closed_on is not None
        assert Dispute.objects.filter(status="open").exists()
        # Supply continuity: single-source categories with and without a backup, and a
        # contingency plan due for testing.
        rows = {row.category: row for row in continuity(organization=organization)}
        assert rows["tooling"].single_source and rows["tooling"].backup_state == "in_evaluation"
        assert rows["packaging"].single_source and rows["packaging"].backup is None
        assert ContingencyPlan.objects.filter(next_review_on__lte=today).count() == 1
        assert ContingencyPlan.objects.filter(next_review_on__gt=today).count() == 1
        assert Agreement.objects.filter(
            ends_on__gte=today, ends_on__lte=today + timedelta(days=60)
        ).exists()
        manager = Membership.objects.get(role="manager").user
        supplier = review.supplier
    client.force_login(manager, backend="allauth.account.auth_backends.AuthenticationBackend")
    for name, kwargs in [
        ("supplier_detail", {"pk": supplier.pk}),
        ("reevaluation_due_list", {}),
        ("performance_review_detail", {"pk": review.pk}),
        ("agreement_detail", {"pk": agreement.pk}),
        ("agreement_list", {}),
        ("continuity", {}),
    ]:
        page = reverse(f"suppliers:{name}", kwargs={"org_slug": "acme", **kwargs})
        assert client.get(page).status_code == 200, page
