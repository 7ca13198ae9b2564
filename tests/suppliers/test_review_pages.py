"""The pages of re-evaluations, performance reviews and agreements: lists at a constant
number of queries, forms with their rows (bad input shown, nothing saved), the supplier
page's panel, the settings page, and auditors reading but never writing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import Agreement, PerformanceReview, ReEvaluation, Supplier
from suppliers.services import agreements, performance_reviews
from suppliers.services import reevaluations as reevaluation_services

from ..conftest import PASSWORD
from .helpers_reviews import approved


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def url(org, name, **kwargs):
    return reverse(f"suppliers:{name}", kwargs={"org_slug": org.slug, **kwargs})


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def add_agreement(org, actor, supplier, reference):
    today = organization_today(org)
    return agreements.agreement_create(
        organization=org,
        actor=actor,
        data={
            "supplier": supplier,
            "contract_reference": reference,
            "title": "Supply",
            "starts_on": today,
            "ends_on": today + timedelta(days=40),
            "service_levels": [{"measure": "OTIF", "target": 95, "unit": "%"}],
            "disputes": [{"raised_on": today, "description": "Invoice"}],
        },
    )


def add_review(org, actor, supplier):
    today = organization_today(org)
    return performance_reviews.performance_review_create(
        organization=org,
        actor=actor,
        supplier=supplier,
        data={
            "held_on": today,
            "minutes": "Minutes",
            "members": [actor],
            "actions": [{"description": "Act", "owner": actor, "due_on": today}],
        },
    )


def reevaluate(org, actor, supplier):
    return reevaluation_services.reevaluation_record(
        organization=org,
        actor=actor,
        supplier=supplier,
        data={
            "evaluated_on": organization_today(org),
            "evaluator": actor,
            "decision": "continue",
            "reason": "Fine",
        },
    )


def test_the_lists_and_the_supplier_page_cost_the_same_whatever_their_length(
    org, manager, make_supplier, client_for, assert_constant_queries
):
    client = client_for(manager)
    user = manager.user
    supplier = approved(org, user, make_supplier, owner=user)
    reevaluate(org, user, supplier)
    add_review(org, user, supplier)
    add_agreement(org, user, supplier, "A-0")

    def grow():
        for number in range(1, 4):
            other = approved(org, user, make_supplier, owner=user)
            reevaluate(org, user, other)
            reevaluate(org, user, supplier)
            add_review(org, user, other)
            add_review(org, user, supplier)
            add_agreement(org, user, other, f"A-{number}")
            add_agreement(org, user, supplier, f"B-{number}")

    pages = [
        url(org, "reevaluation_due_list"),
        url(org, "reevaluation_due_list") + "?due=365&criticality=minor",
        url(org, "performance_review_list"),
        url(org, "performance_review_list") + "?open_actions=true",
        url(org, "agreement_list"),
        url(org, "agreement_list") + "?ending=60&o=-ends_on",
        url(org, "supplier_detail", pk=supplier.pk),
    ]
    baseline = {}
    for page in pages:
        client.get(page)
        baseline[page] = len_queries(client, page)
    grow()
    for page in pages:
        client.get(page)
        assert len_queries(client, page) == baseline[page], page
    assert_constant_queries(client, pages[0], grow=lambda: None)


def len_queries(client, page) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured)


def test_a_manager_suspends_a_supplier_by_re_evaluating_it_signed(
    org, manager, make_supplier, client_for
):
    supplier = approved(org, manager.user, make_supplier)
    client = client_for(manager)
    page = url(org, "reevaluation_create", pk=supplier.pk)
    assert client.get(page).status_code == 200
    today = organization_today(org).isoformat()
    form = {
        "evaluated_on": today,
        "evaluator": manager.user.pk,
        "decision": "suspend",
        "reason": "Repeated late deliveries",
    }
    response = client.post(page, {**form, "password": "wrong"})
    assert response.status_code == 200
    assert b"password" in response.content.lower()
    with org_scope(org):
        assert not ReEvaluation.objects.exists()
    response = client.post(page, {**form, "password": PASSWORD})
    assert response.status_code == 302
    with org_scope(org):
        assert ReEvaluation.objects.get().transition_id is not None
        assert Supplier.objects.get(pk=supplier.pk).status == "suspended"
    detail = client.get(response["Location"])
    assert b"Repeated late deliveries" in detail.content
    assert b"signed by" in detail.content


def test_an_agreement_with_rows_bad_ones_shown_and_nothing_saved(
    org, manager, make_supplier, client_for
):
    supplier = make_supplier(org)
    client = client_for(manager)
    today = organization_today(org)
    form = {
        "supplier": supplier.pk,
        "contract_reference": "SA-9",
        "title": "Housings",
        "status": "active",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=300)).isoformat(),
        **management("levels", 2),
        "levels-0-measure": "OTIF",
        "levels-0-target": "95",
        "levels-0-unit": "%",
        **management("disputes", 1),
        "disputes-0-raised_on": today.isoformat(),
        "disputes-0-description": "Invoice",
        "disputes-0-status": "resolved",
    }
    response = client.post(url(org, "agreement_create"), form)
    assert response.status_code == 200
    assert b"Row 1: say how the dispute was resolved." in response.content
    response = client.post(
        url(org, "agreement_create"), {**form, "levels-1-measure": "PPM", "levels-1-target": "x"}
    )
    assert response.status_code == 200
    assert b"Enter a number." in response.content
    response = client.post(
        url(org, "agreement_create"), {**form, "ends_on": (today - timedelta(1)).isoformat()}
    )
    assert b"The end must not be before the start." in response.content
    with org_scope(org):
        assert not Agreement.objects.exists()
    form["disputes-0-resolution"] = "Credit note"
    response = client.post(url(org, "agreement_create"), form)
    assert response.status_code == 302
    with org_scope(org):
        agreement = Agreement.objects.get()
        level = agreement.service_levels.get()
        assert agreement.disputes.get().resolution == "Credit note"
    # Changing it: the row kept by id, a new one added, the dispute removed.
    edit = url(org, "agreement_edit", pk=agreement.pk)
    assert client.get(edit).status_code == 200
    changed = {
        "title": "Housings and covers",
        "status": "active",
        "contract_reference": "SA-9",
        "starts_on": form["starts_on"],
        "ends_on": form["ends_on"],
        **management("levels", 3, 1),
        "levels-0-id": str(level.pk),
        "levels-0-measure": "OTIF",
        "levels-0-target": "97",
        "levels-1-measure": "PPM",
        "levels-1-target": "500",
        **management("disputes", 2, 1),
        "reason": "Renegotiated",
    }
    with org_scope(org):
        dispute = agreement.disputes.get()
    changed.update(
        {
            "disputes-0-id": str(dispute.pk),
            "disputes-0-raised_on": today.isoformat(),
            "disputes-0-description": "Invoice",
            "disputes-0-status": "resolved",
            "disputes-0-resolution": "Credit note",
            "disputes-0-DELETE": "on",
        }
    )
    assert client.post(edit, changed).status_code == 302
    with org_scope(org):
        assert sorted((row.measure, int(row.target)) for row in agreement.service_levels.all()) == [
            ("OTIF", 97),
            ("PPM", 500),
        ]
        assert not agreement.disputes.exists()


def test_a_performance_review_with_actions_and_closing_one(org, manager, make_supplier, client_for):
    supplier = make_supplier(org)
    client = client_for(manager)
    today = organization_today(org).isoformat()
    page = url(org, "performance_review_create", pk=supplier.pk)
    assert client.get(page).status_code == 200
    form = {
        "held_on": today,
        "members": [manager.user.pk],
        "minutes": "Scorecard reviewed",
        **management("actions", 2),
        "actions-0-description": "Send 8D",
        "actions-0-owner": manager.user.pk,
        "actions-0-due_on": today,
        "actions-1-description": "Forecast",
    }
    response = client.post(page, form)
    assert response.status_code == 200  # row 2 has no owner nor date
    with org_scope(org):
        assert not PerformanceReview.objects.exists()
    del form["actions-1-description"]
    response = client.post(page, form)
    assert response.status_code == 302
    with org_scope(org):
        review = PerformanceReview.objects.get()
        action = review.actions.get()
    detail = client.get(response["Location"])
    assert b"Send 8D" in detail.content
    client.post(url(org, "review_action_done", pk=action.pk), {"done": "1"})
    with org_scope(org):
        action.refresh_from_db()
    assert action.done_at is not None
    edit = url(org, "performance_review_edit", pk=review.pk)
    assert client.get(edit).status_code == 200


def test_auditors_read_everything_and_write_nothing(
    org, manager, auditor, make_supplier, client_for
):
    supplier = approved(org, manager.user, make_supplier)
    record = reevaluate(org, manager.user, supplier)
    review = add_review(org, manager.user, supplier)
    agreement = add_agreement(org, manager.user, supplier, "A-1")
    with org_scope(org):
        action = review.actions.get()
    client = client_for(auditor)
    for page in [
        url(org, "reevaluation_due_list"),
        url(org, "reevaluation_detail", pk=record.pk),
        url(org, "performance_review_list"),
        url(org, "performance_review_detail", pk=review.pk),
        url(org, "agreement_list"),
        url(org, "agreement_detail", pk=agreement.pk),
        url(org, "supplier_detail", pk=supplier.pk),
    ]:
        response = client.get(page)
        assert response.status_code == 200, page
        assert b"Re-evaluate</a>" not in response.content
    for page in [
        url(org, "reevaluation_create", pk=supplier.pk),
        url(org, "performance_review_create", pk=supplier.pk),
        url(org, "performance_review_edit", pk=review.pk),
        url(org, "agreement_create"),
        url(org, "agreement_edit", pk=agreement.pk),
    ]:
        assert client.get(page).status_code == 403, page
        assert client.post(page, {}).status_code == 403, page
    assert (
        client.post(url(org, "review_action_done", pk=action.pk), {"done": "1"}).status_code == 403
    )


def test_admins_set_the_schedule_on_the_settings_page(org, admin, client_for):
    client = client_for(admin)
    page = reverse("organization_settings", kwargs={"org_slug": org.slug})
    response = client.get(page)
    assert b"Re-evaluate critical suppliers every" in response.content
    form = {
        "name": org.name,
        "timezone": org.timezone,
        "reevaluation_months_critical": "6",
        "reevaluation_months_major": "18",
        "reevaluation_months_minor": "30",
        "reevaluation_remind_days": "21",
        "agreement_first_warning_days": "30",
        "agreement_last_warning_days": "45",
    }
    response = client.post(page, form)
    assert response.status_code == 200
    assert b"The last warning must come after the first" in response.content
    form["agreement_last_warning_days"] = "10"
    assert client.post(page, form).status_code == 302
    org.refresh_from_db()
    assert org.settings["reevaluation_months"] == {"critical": 6, "major": 18, "minor": 30}
    assert org.settings["agreement_remind_days"] == [30, 10]


@pytest.mark.parametrize(
    ("name", "results_id"),
    [
        ("reevaluation_due_list", "reevaluation-results"),
        ("performance_review_list", "review-results"),
        ("agreement_list", "agreement-results"),
    ],
)
def test_an_htmx_filter_gets_only_the_results(org, manager, client_for, name, results_id):
    response = client_for(manager).get(url(org, name) + "?q=none", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="{results_id}"' in body
    assert "<html" not in body


def test_the_review_form_reads_its_owners_once_whatever_the_number_of_actions(
    org, manager, make_supplier, client_for, assert_few_queries
):
    user = manager.user
    supplier = approved(org, user, make_supplier, owner=user)
    review = add_review(org, user, supplier)
    today = organization_today(org)

    def grow():
        actions = [{"description": f"Act {n}", "owner": user, "due_on": today} for n in range(6)]
        performance_reviews.performance_review_update(
            organization=org, actor=user, review=review, data={"actions": actions}
        )

    page = url(org, "performance_review_edit", pk=review.pk)
    assert_few_queries(client_for(manager), page, grow=grow)
    html = client_for(manager).get(page).content.decode()
    assert html.count(f'<option value="{user.pk}"') >= 6 + 2  # every row offers the owner
