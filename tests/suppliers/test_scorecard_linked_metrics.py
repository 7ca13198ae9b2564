"""The scorecard metrics fed by other records: the questionnaire score (questionnaires
accepted in the period) and the responsiveness to corrective action requests (requests due
in the period, answered by their due date). Hand-computed cases, and the change recorded
with its cause when the record arrives."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import ScorecardResult, ScoreChange
from suppliers.models.periods import period_start_of
from suppliers.services import requests as request_services
from suppliers.services.questionnaires import sent as questionnaire_services
from suppliers.services.scorecards import definitions
from suppliers.services.scorecards import recompute as scorecard_recompute
from tests.support.legacy_requests import earlier_corrective_action_request

from .questionnaire_helpers import build_template, full_answers, questions_by_kind, send


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def supplier(supplier_member):
    return supplier_member.supplier


def define(org, manager, *criteria):
    return definitions.definition_save(
        organization=org, actor=manager.user, period="monthly", criteria=list(criteria)
    )


def result(org, supplier, start):
    with org_scope(org):
        return ScorecardResult.objects.filter(supplier=supplier, period_start=start).first()


def accept_questionnaire(org, manager, supplier_member, *, text_points):
    template = build_template(org, manager.user, name=f"Assessment {text_points}")
    request = send(org, manager.user, template, supplier_member.supplier)
    questionnaire_services.answers_save(
        organization=org,
        actor=supplier_member.user,
        request=request,
        values=full_answers(template),
        files={},
        submit=True,
    )
    return questionnaire_services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=request,
        decision="accept",
        points={questions_by_kind(template)["text"].pk: str(text_points)},
    )


def raise_car(org, manager, supplier, *, days=10):
    """A corrective action request raised before the 8D (new ones are 8Ds)."""
    return earlier_corrective_action_request(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        data={
            "kind": "corrective_action",
            "subject": "Burrs on part 4711",
            "description": "Contain, find the root cause, correct.",
            "due_date": organization_today(org) + timedelta(days=days),
        },
    )


def test_an_accepted_questionnaire_scores_its_month_and_records_the_cause(
    org, manager, supplier_member, supplier
):
    define(org, manager, {"metric": "questionnaire", "weight": 100})
    accepted = accept_questionnaire(org, manager, supplier_member, text_points=80)
    month = period_start_of(accepted.reviewed_at.date(), "monthly")
    scored = result(org, supplier, month)
    # The questionnaire's own score (68.6, worked out in test_questionnaires) is the value;
    # 0 to 100 maps to 0 to 100 points.
    assert scored.questionnaire_count == 1
    assert scored.questionnaire_value == pytest.approx(68.6)
    assert scored.score == pytest.approx(68.6) and scored.standing == "needs_improvement"
    with org_scope(org):
        change = ScoreChange.objects.get(supplier=supplier, period_start=month)
    assert change.cause == "questionnaire_accepted" and change.new_score == pytest.approx(68.6)


def test_two_questionnaires_in_a_month_count_by_their_mean(org, manager, supplier_member, supplier):
    define(org, manager, {"metric": "questionnaire", "weight": 100})
    first = accept_questionnaire(org, manager, supplier_member, text_points=80)  # 68.6
    accept_questionnaire(org, manager, supplier_member, text_points=10)  # (100+150+150+10)/7
    scored = result(org, supplier, period_start_of(first.reviewed_at.date(), "monthly"))
    assert scored.questionnaire_count == 2
    assert scored.questionnaire_value == pytest.approx((68.6 + 58.6) / 2)


def test_a_questionnaire_alone_does_not_make_a_month_without_deliveries_score_zero(
    org, manager, supplier_member, supplier
):
    define(
        org,
        manager,
        {"metric": "otif", "weight": 70},
        {"metric": "questionnaire", "weight": 30},
    )
    accepted = accept_questionnaire(org, manager, supplier_member, text_points=80)
    scored = result(org, supplier, period_start_of(accepted.reviewed_at.date(), "monthly"))
    # No deliveries: OTIF has no data, so the questionnaire carries the whole score.
    assert scored.otif_points is None
    assert scored.score == pytest.approx(68.6)


def test_a_corrective_action_request_answered_on_time_scores_full_responsiveness(
    org, manager, supplier_member, supplier
):
    define(org, manager, {"metric": "car_responsiveness", "weight": 100})
    request = raise_car(org, manager, supplier)
    month = period_start_of(request.due_date, "monthly")
    assert result(org, supplier, month) is None  # not due yet and unanswered: nothing known
    request_services.request_respond(
        organization=org, actor=supplier_member.user, request=request, response="8D attached"
    )
    scored = result(org, supplier, month)
    assert (scored.car_count, scored.car_on_time_count) == (1, 1)
    assert scored.car_responsiveness_value == 100 and scored.score == 100
    with org_scope(org):
        change = ScoreChange.objects.get(supplier=supplier, period_start=month)
    assert change.cause == "request_answered"


def test_an_unanswered_request_past_its_due_date_counts_as_late(
    org, manager, supplier_member, supplier
):
    define(org, manager, {"metric": "car_responsiveness", "weight": 100})
    answered = raise_car(org, manager, supplier, days=3)
    unanswered = raise_car(org, manager, supplier, days=3)
    request_services.request_respond(
        organization=org, actor=supplier_member.user, request=answered, response="Done"
    )
    # Seen from the day after the due date: one answered in time, one not answered at all.
    scorecard_recompute.scorecards_recompute(
        organization=org, today=unanswered.due_date + timedelta(1)
    )
    scored = result(org, supplier, period_start_of(unanswered.due_date, "monthly"))
    assert (scored.car_count, scored.car_on_time_count) == (2, 1)
    assert scored.car_responsiveness_value == 50
    assert scored.car_responsiveness_points == 0  # 50 % maps to 0 points, 100 % to 100


def test_requests_of_other_kinds_do_not_count(org, manager, supplier_member, supplier):
    define(org, manager, {"metric": "car_responsiveness", "weight": 100})
    request = request_services.request_raise(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        data={
            "kind": "document",
            "subject": "Material certificates",
            "description": "Send the 3.1 certificates.",
            "due_date": organization_today(org) + timedelta(days=2),
        },
    )
    request_services.request_respond(
        organization=org, actor=supplier_member.user, request=request, response="Attached"
    )
    scorecard_recompute.scorecards_recompute(organization=org, today=date(2100, 1, 1))
    assert result(org, supplier, period_start_of(request.due_date, "monthly")) is None


def test_the_supplier_list_filtered_by_standing_follows_a_recalculation(
    org, manager, supplier_member, supplier, client_for
):
    # No consequences: a standing that moves changes no audited record at all.
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="monthly",
        criteria=[{"metric": "car_responsiveness", "weight": 100}],
        consequences={},
    )
    answered = raise_car(org, manager, supplier, days=3)
    late = raise_car(org, manager, supplier, days=3)
    request_services.request_respond(
        organization=org, actor=supplier_member.user, request=answered, response="Done"
    )
    client = client_for(manager)
    listing = reverse("suppliers:supplier_list", kwargs={"org_slug": org.slug})
    assert supplier.code in client.get(listing + "?standing=excellent").content.decode()
    assert supplier.code not in client.get(listing + "?standing=poor").content.decode()
    # The due date passes unanswered: the nightly recalculation moves the standing, and no
    # audited record changed, so the list must not answer from a remembered count.
    scorecard_recompute.scorecards_recompute(organization=org, today=late.due_date + timedelta(1))
    page = client.get(listing + "?standing=excellent").content.decode()
    assert supplier.code not in page and "No supplier matches" in page
    assert supplier.code in client.get(listing + "?standing=poor").content.decode()
