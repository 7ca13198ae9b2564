"""Quality objectives (status against target from the data) and the management review:
inputs generated for the period, frozen when held (the pack shows them whatever changes
later), minutes approved with a signature, actions reminded, the PDF of the pack."""

import io
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from qms.models import ManagementReview
from qms.selectors import objectives as objective_selectors
from qms.selectors import reviews as review_selectors
from qms.services import objectives as objective_services
from qms.services import reviews as services
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from suppliers.services import deliveries as delivery_services
from tests.conftest import PASSWORD, create_supplier

PERIOD = (date(2026, 1, 1), date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _deliver(org, actor, supplier, *, late: bool, received=date(2026, 2, 10)):
    return delivery_services.delivery_create(
        organization=org,
        actor=actor,
        data={
            "supplier": supplier,
            "order_reference": "PO-1",
            "item": "Bracket",
            "promised_date": received - timedelta(days=2 if late else 0),
            "received_date": received,
            "quantity_ordered": 100,
            "quantity_received": 100,
        },
    )


def _objective(org, manager, kpi="otif", target=90, period=PERIOD):
    return objective_services.objective_create(
        organization=org,
        actor=manager.user,
        data={
            "title": "On time",
            "kpi": kpi,
            "target": target,
            "period_start": period[0],
            "period_end": period[1],
            "owner": manager.user,
        },
    )


def _review(org, manager, period=PERIOD):
    return services.review_create(
        organization=org,
        actor=manager.user,
        data={
            "title": "Review Q1",
            "meeting_date": date(2026, 4, 10),
            "period_start": period[0],
            "period_end": period[1],
            "attendees": "Top management",
        },
    )


def _figure(sections, key, label):
    section = next(section for section in sections if section["key"] == key)
    return dict(section["data"]["figures"])[label]


# --- Objectives ---------------------------------------------------------------------------


def test_an_objective_status_is_computed_from_the_data_of_its_period(org, manager):
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=False)
    _deliver(org, manager.user, supplier, late=True)
    _deliver(org, manager.user, supplier, late=False, received=date(2025, 12, 1))
    objective = _objective(org, manager, target=60)
    with org_scope(org):
        status = objective_selectors.status_of(objective, today=date(2026, 6, 1))
    assert status.value == 50.0
    assert status.met is False
    assert status.label == "Not met"
    objective_services.objective_update(
        organization=org, actor=manager.user, objective=objective, data={"target": 50}
    )
    with org_scope(org):
        assert objective_selectors.status_of(objective, today=date(2026, 6, 1)).label == "Met"


def test_lower_is_better_kpis_are_met_at_or_below_target(org, manager):
    objective = _objective(org, manager, kpi="ppm", target=100)
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=False)
    with org_scope(org):
        status = objective_selectors.status_of(objective, today=date(2026, 6, 1))
    assert status.value == 0 and status.met is True


def test_an_objective_needs_a_registered_kpi_an_owner_who_writes_and_a_period_in_order(
    org, manager, auditor
):
    with pytest.raises(ValidationError) as error:
        _objective(org, manager, kpi="no-such-kpi")
    assert "kpi" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        objective_services.objective_create(
            organization=org,
            actor=manager.user,
            data={
                "title": "x",
                "kpi": "otif",
                "target": 1,
                "period_start": PERIOD[0],
                "period_end": PERIOD[1],
                "owner": auditor.user,
            },
        )
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _objective(org, manager, period=(PERIOD[1], PERIOD[0]))
    assert "period_end" in error.value.message_dict


def test_the_objective_pages_show_the_status_and_take_bad_input_without_a_500(
    org, manager, auditor, client_for
):
    _objective(org, manager)
    client = client_for(manager)
    url = reverse("qms:objective_create", kwargs={"org_slug": org.slug})
    response = client.post(url, {"title": "", "kpi": "otif", "target": "abc"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    response = client.post(
        url,
        {
            "title": "CSAT up",
            "kpi": "csat",
            "target": "80",
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "owner": manager.user.pk,
        },
    )
    assert response.status_code == 302
    page = client_for(auditor).get(reverse("qms:objective_list", kwargs={"org_slug": org.slug}))
    assert b"CSAT up" in page.content and b"On time" in page.content


def test_a_running_objective_gives_its_kpi_tile_a_target(org, manager, client_for):
    today = organization_today(org)
    _objective(org, manager, target=95, period=(today - timedelta(days=1), today))
    html = client_for(manager).get(reverse("org_home", kwargs={"org_slug": org.slug}))
    block = html.content.decode().split('data-kpi="otif"')[1].split("</article>")[0]
    assert "Target 95" in block


# --- Management review ----------------------------------------------------------------------


def test_the_review_inputs_are_generated_from_the_period(org, manager):
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=True)
    review = _review(org, manager)
    with org_scope(org):
        sections = review_selectors.inputs_of(review)
    keys = [section["key"] for section in sections]
    assert keys[0] == "previous_actions" and "audit_results" in keys
    assert _figure(sections, "process_performance", "OTIF (%)") == "0"
    audit = next(section for section in sections if section["key"] == "audit_results")
    assert audit["data"] is None


def test_a_held_review_keeps_its_figures_whatever_changes_later(org, manager, client_for):
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=True)
    review = _review(org, manager)
    services.review_hold(organization=org, actor=manager.user, review=review)
    _deliver(org, manager.user, supplier, late=False)
    _deliver(org, manager.user, supplier, late=False)
    with org_scope(org):
        review.refresh_from_db()
        frozen = review_selectors.inputs_of(review)
        live = review_selectors.generate_inputs(
            organization=org, start=review.period_start, end=review.period_end
        )
    assert _figure(frozen, "process_performance", "OTIF (%)") == "0"
    assert _figure(live, "process_performance", "OTIF (%)") == "66.7"
    page = client_for(manager).get(
        reverse("qms:review_detail", kwargs={"org_slug": org.slug, "pk": review.pk})
    )
    assert b'data-figure="OTIF (%)">0<' in page.content
    pdf = client_for(manager).get(
        reverse("qms:review_pdf", kwargs={"org_slug": org.slug, "pk": review.pk})
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "OTIF (%): 0" in text and "Review Q1" in text


def test_a_held_review_refuses_changes_of_its_inputs_and_approved_minutes_refuse_all(org, manager):
    review = _review(org, manager)
    services.review_update(
        organization=org,
        actor=manager.user,
        review=review,
        data={"entered": {"audit_results": "Two minor findings"}},
    )
    services.review_hold(organization=org, actor=manager.user, review=review)
    with pytest.raises(ValidationError):
        services.review_update(
            organization=org,
            actor=manager.user,
            review=review,
            data={"entered": {"audit_results": "None"}},
        )
    services.review_update(
        organization=org, actor=manager.user, review=review, data={"decisions": "Go on"}
    )
    with pytest.raises(ValidationError) as error:
        services.review_approve(
            organization=org, actor=manager.user, review=review, password="wrong"
        )
    assert "password" in error.value.message_dict
    with org_scope(org):
        assert ManagementReview.objects.get(pk=review.pk).status == "held"
    services.review_approve(organization=org, actor=manager.user, review=review, password=PASSWORD)
    with org_scope(org):
        review.refresh_from_db()
    assert review.status == "approved" and review.signature.signer == manager.user
    assert review.entered == {"audit_results": "Two minor findings"}
    with pytest.raises(ValidationError):
        services.review_update(
            organization=org, actor=manager.user, review=review, data={"decisions": "Stop"}
        )


def test_a_review_action_is_reminded_to_its_owner_until_done(org, manager):
    review = _review(org, manager)
    action = services.action_add(
        organization=org,
        actor=manager.user,
        review=review,
        description="Train buyers",
        owner=manager.user,
        due_date=organization_today(org) + timedelta(days=10),
    )
    with org_scope(org):
        reminders = Reminder.objects.filter(kind="qms.review_action_due", object_id=str(action.pk))
        assert reminders.filter(status="pending").count() == 3
    services.action_done(
        organization=org, actor=manager.user, action=action, done_on=organization_today(org)
    )
    with org_scope(org):
        assert not reminders.filter(status="pending").exists()
    # The next review follows it up.
    later = _review(org, manager, period=(date(2026, 7, 1), date(2026, 9, 30)))
    with org_scope(org):
        sections = review_selectors.inputs_of(later)
    assert _figure(sections, "previous_actions", "Done") == 1


def test_a_manager_prepares_holds_and_approves_a_review_through_the_pages(
    org, manager, auditor, client_for
):
    client = client_for(manager)
    response = client.post(
        reverse("qms:review_create", kwargs={"org_slug": org.slug}),
        {
            "title": "Review H1",
            "meeting_date": "2026-07-10",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "attendees": "MD, QM",
        },
    )
    assert response.status_code == 302
    with org_scope(org):
        review = ManagementReview.objects.get(title="Review H1")
    detail = reverse("qms:review_detail", kwargs={"org_slug": org.slug, "pk": review.pk})
    response = client.post(
        detail,
        {"attendees": "MD, QM", "entered_audit_results": "No finding", "decisions": "Go"},
    )
    assert response.status_code == 302
    client.post(reverse("qms:review_hold", kwargs={"org_slug": org.slug, "pk": review.pk}))
    client.post(
        reverse("qms:review_action_add", kwargs={"org_slug": org.slug, "pk": review.pk}),
        {"description": "Do it", "owner": manager.user.pk, "due_date": "2026-12-01"},
    )
    client.post(
        reverse("qms:review_approve", kwargs={"org_slug": org.slug, "pk": review.pk}),
        {"password": PASSWORD},
    )
    page = client_for(auditor).get(detail)
    assert b"No finding" in page.content and b"Do it" in page.content
    assert b"signed by" in page.content
    with org_scope(org):
        review.refresh_from_db()
    assert review.status == "approved"


def test_the_review_page_queries_do_not_grow_with_actions(
    org, manager, client_for, assert_constant_queries
):
    review = _review(org, manager)
    url = reverse("qms:review_detail", kwargs={"org_slug": org.slug, "pk": review.pk})

    def grow():
        for number in range(4):
            services.action_add(
                organization=org,
                actor=manager.user,
                review=review,
                description=f"Action {number}",
                owner=manager.user,
                due_date=date(2026, 12, 1),
            )

    assert_constant_queries(client_for(manager), url, grow=grow)
