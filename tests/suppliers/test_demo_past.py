"""The demo's two years of past, brought in through the history import: the approved
supplier list of a year ago is not empty, suppliers joined it in different months, one was
suspended and reinstated, certificates were renewed, a 2025 re-evaluation cites evidence as
it stood before it, and questionnaires were answered by the suppliers' portal users."""

from datetime import date, timedelta

from django.urls import reverse

from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_all
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership, Organization
from suppliers.models import Certificate, QuestionnaireRequest, ReEvaluation, SupplierTransition
from suppliers.selectors import approval as approval_selectors


def test_the_demo_has_two_years_of_past_through_the_history_import(db, settings, tmp_path, client):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_demo()
    seed_demo()  # idempotent: the past is not brought in twice
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
