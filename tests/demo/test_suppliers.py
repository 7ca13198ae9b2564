"""The demo's supplier register: suppliers of every status, certificates, deliveries, the
portal's records, two years of past through the history import, scorecards,
questionnaires, re-evaluations, a performance review, agreements and supply continuity."""

from collections import Counter
from datetime import date, timedelta

from django.db.models import F
from django.urls import reverse

from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_all
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Membership, Organization
from suppliers.demo.certificates import DEMO_CERTIFICATES, RENEWED
from suppliers.demo.register import PATHS, REINSTATED
from suppliers.models import (
    Agreement,
    Certificate,
    ContingencyPlan,
    Delivery,
    Dispute,
    PerformanceReview,
    ProfileChange,
    QuestionnaireRequest,
    ReEvaluation,
    ScorecardResult,
    Supplier,
    SupplierRequest,
    SupplierTransition,
    SuspensionProposal,
)
from suppliers.models.questionnaires import QuestionKind
from suppliers.models.register import ApprovalStatus
from suppliers.selectors import approval as approval_selectors
from suppliers.selectors import questionnaires as questionnaire_selectors
from suppliers.selectors.continuity import continuity


def test_the_demo_has_thirty_suppliers_of_every_status_and_four_portal_suppliers(db):
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            suppliers = Supplier.objects.all()
            assert suppliers.count() == 30
            statuses = Counter(suppliers.values_list("status", flat=True))
            assert set(statuses) == {value for value, _label in ApprovalStatus.choices}
            assert set(suppliers.values_list("criticality", flat=True)) == {
                "critical",
                "major",
                "minor",
            }
            # Every change of status is the organisation's imported history (not signed:
            # decided before the system), one per step of each supplier's way.
            transitions = SupplierTransition.objects.all()
            assert transitions.filter(imported_at__isnull=True).count() == 0
            assert transitions.filter(signature__isnull=False).count() == 0
            assert transitions.count() == sum(statuses[s] * len(PATHS[s]) for s in statuses) + sum(
                len(steps) for steps in REINSTATED.values()
            )
            portal = Membership.objects.filter(role="supplier").values_list("supplier", flat=True)
            assert len(set(portal)) == 4
            assert set(
                Supplier.objects.filter(pk__in=portal).values_list("party__name", flat=True)
            ) == {"Northwind Castings", "Contoso Fasteners", "Fabrikam Steel", "Tailspin Logistics"}


def test_the_demo_has_certificates_some_expiring_and_some_expired(db):
    organization = Organization.objects.get(slug="acme")
    assert organization.settings["required_certificate_types"] == ["iso_9001"]
    with org_scope(organization):
        today = organization_today(organization)
        # The portal's demo adds one upload waiting for acceptance; the rest are accepted.
        certificates = Certificate.objects.filter(status="accepted", imported_at__isnull=True)
        assert certificates.count() == sum(len(rows) for rows in DEMO_CERTIFICATES.values())
        # The renewed ones' previous certificates came in through the history import.
        renewed = Certificate.objects.filter(imported_at__isnull=False)
        assert set(renewed.values_list("supplier__code", flat=True)) == set(RENEWED)
        assert certificates.filter(valid_to__lt=today).exists()
        assert certificates.filter(
            valid_to__gte=today, valid_to__lte=today + timedelta(60)
        ).exists()
        assert all(c.file.open("rb").read(5) == b"%PDF-" for c in certificates[:3])


def test_the_demo_has_two_years_of_deliveries_some_late_some_rejected(db):
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            deliveries = Delivery.objects.all()
            assert 200 <= deliveries.count() <= 500
            assert deliveries.filter(received_date__gt=F("promised_date")).exists()
            assert deliveries.filter(quantity_rejected__gt=0).exclude(rejection_reason="").exists()
            assert deliveries.filter(over_delivery=True).exists()


def test_the_demo_has_portal_records_for_both_portal_logins(db):
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            first = Membership.objects.get(user__email=f"supplier@{slug}.example").supplier
            second = Membership.objects.get(user__email=f"supplier2@{slug}.example").supplier
            assert first != second
            assert Certificate.objects.filter(supplier=first, status="pending").count() == 1
            assert ProfileChange.objects.filter(supplier=first, status="pending").count() == 1
            asked = SupplierRequest.objects.get(supplier=first)
            assert (asked.kind, asked.status) == ("document", "open")
            assert SupplierRequest.objects.get(supplier=second).status == "responded"


def test_the_demo_has_two_years_of_past_through_the_history_import(db, client):
    """The approved supplier list of a year ago is not empty, suppliers joined it in
    different months, one was suspended and reinstated, certificates were renewed, a 2025
    re-evaluation cites evidence as it stood before it, and questionnaires were answered
    by the suppliers' portal users."""
    for slug in ("acme", "globex"):
        organization = Organization.objects.get(slug=slug)
        with org_scope(organization):
            today = organization_today(organization)
            a_year_ago = approval_selectors.approved_suppliers(
                organization=organization, on=today - timedelta(days=365)
            )
            assert len(a_year_ago) >= 10
            now = approval_selectors.approved_suppliers(organization=organization)
            months = {entry.approved_since.strftime("%Y-%m") for entry in now}
            assert len(months) >= 8  # approved in different months
            assert min(entry.approved_since for entry in now).date() < today - timedelta(600)

            # Ironbridge was suspended and reinstated; off the list in between.
            reinstated = SupplierTransition.objects.filter(
                supplier__code="SUP-017", from_status="suspended", to_status="approved"
            ).get()
            suspended_then = approval_selectors.approved_suppliers(
                organization=organization, on=today - timedelta(days=300)
            )
            assert "SUP-017" not in {entry.code for entry in suspended_then}
            assert {e.code: e for e in now}["SUP-017"].approved_since == reinstated.occurred_at

            # Renewed certificates: the previous one ended the day before the current began.
            previous = Certificate.objects.get(supplier__code="SUP-003", imported_at__isnull=False)
            current = Certificate.objects.get(
                supplier__code="SUP-003", type="iso_9001", imported_at__isnull=True
            )
            assert previous.valid_to == current.valid_from - timedelta(days=1)

            # A 2025 re-evaluation cites evidence dated before it.
            past = ReEvaluation.objects.get(supplier__code="SUP-003", imported_at__isnull=False)
            assert past.evaluated_on.year == 2025 or past.evaluated_on < today - timedelta(365)
            accepted_on = date.fromisoformat(past.questionnaire_snapshot["accepted_on"])
            assert accepted_on < past.evaluated_on
            assert past.scorecard_snapshot["no_data"] is False, past.scorecard_snapshot
            assert past.scorecard_snapshot["taken_on"] == past.evaluated_on.isoformat()
            # The ISO 9001 valid that day was the previous one, not today's.
            reviewed = [c["id"] for c in past.certificates_reviewed if c["type"] == "iso_9001"]
            assert reviewed == [previous.pk]

            # The supplier's own portal user answered, not the buyer's manager.
            for code in ("SUP-003", "SUP-005"):
                request = QuestionnaireRequest.objects.select_related("submitted_by").get(
                    supplier__code=code
                )
                answered_by = Membership.objects.get(user=request.submitted_by)
                assert (answered_by.role, answered_by.supplier.code) == ("supplier", code)

            imported = AuditEvent.objects.filter(source="import")
            assert imported.exists()
            assert not imported.filter(happened_on__isnull=True).exists()
    assert verify_all()[1] == []
    # The 2025 re-evaluation's page says it is imported and shows the evidence of its day.
    acme = Organization.objects.get(slug="acme")
    with org_scope(acme):
        auditor = Membership.objects.get(user__email="auditor@acme.example").user
    client.force_login(auditor, backend="allauth.account.auth_backends.AuthenticationBackend")
    with org_scope(acme):
        past = ReEvaluation.objects.get(supplier__code="SUP-003", imported_at__isnull=False)
        accepted_on = date.fromisoformat(past.questionnaire_snapshot["accepted_on"])
    page = client.get(reverse("suppliers:reevaluation_detail", args=["acme", past.pk]))
    text = page.content.decode()
    assert "imported history" in text
    assert f"accepted on {accepted_on.isoformat()}" in text
    assert f"as it stood on {past.evaluated_on.isoformat()}" in text
    assert "No scorecard is defined" not in text


def test_the_demo_scores_every_standing_and_leaves_a_proposal_waiting(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        standings = set(ScorecardResult.objects.values_list("standing", flat=True))
        assert {"excellent", "good", "needs_improvement", "poor"} <= standings
        months = ScorecardResult.objects.filter(supplier__code="SUP-001").count()
        assert months < 24  # months without deliveries have no result: "No data"
        assert SuspensionProposal.objects.filter(status="open").exists()


def test_the_demo_sends_the_self_assessment_in_every_state(db):
    """One accepted with a score, one waiting for review, one open for the portal login's
    supplier, one overdue."""
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        requests = {
            r.supplier.code: r
            for r in questionnaire_selectors.requests(organization=organization).select_related(
                "template"
            )
        }
        template = requests["SUP-001"].template
        assert set(template.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
        assert requests["SUP-003"].status == "accepted" and requests["SUP-003"].score is not None
        assert requests["SUP-005"].status == "submitted"
        assert requests["SUP-006"].overdue
        portal = Membership.objects.get(user__email="supplier@acme.example")
        assert requests["SUP-001"].status == "sent"
        assert requests["SUP-001"].supplier_id == portal.supplier_id


def test_the_demo_has_re_evaluations_a_review_with_actions_and_agreements(db, client):
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
        # Logistics has two approved sources, but one holds most of last year's spend.
        logistics = rows["logistics"]
        assert logistics.sources == 2 and logistics.single_source
        assert logistics.single_source_reason.endswith(f"of {today.year - 1} spend with SUP-005")
        assert rows["packaging"].single_source_reason == "one approved source"
        assert not rows["components"].single_source and not rows["raw_material"].single_source
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
