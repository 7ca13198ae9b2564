"""What a re-evaluation and a performance review copy of the supplier: the scorecard as it
stood (latest scored period, criteria with inputs and points, recent periods) and the latest
accepted questionnaire; a later change of the scores does not change the copy."""

from datetime import timedelta
from decimal import Decimal

import pytest

from relmgmt.core.dates import organization_today
from suppliers.services import deliveries as delivery_services
from suppliers.services.questionnaires import sent as questionnaire_services
from suppliers.services.scorecards import definitions
from suppliers.services.scorecards.snapshots import questionnaire_snapshot, scorecard_snapshot

from .questionnaire_helpers import build_template, full_answers, questions_by_kind, send


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def deliver(org, manager, supplier, *, late_days):
    today = organization_today(org)
    delivery_services.delivery_create(
        organization=org,
        actor=manager.user,
        data={
            "supplier": supplier,
            "order_reference": "PO-7",
            "item": "Bracket",
            "promised_date": today - timedelta(days=late_days),
            "received_date": today,
            "quantity_ordered": Decimal(100),
            "quantity_received": Decimal(100),
            "quantity_rejected": Decimal(0),
        },
    )


def test_without_a_definition_the_scorecard_copy_says_so(org, supplier_member):
    copy = scorecard_snapshot(supplier_member.supplier)
    assert copy["source"] == "scorecard" and copy["no_data"] is True


def test_the_scorecard_copy_keeps_the_latest_scored_period_and_its_inputs(
    org, manager, supplier_member
):
    supplier = supplier_member.supplier
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="monthly",
        criteria=[{"metric": "otif", "weight": 100}],
    )
    deliver(org, manager, supplier, late_days=0)
    deliver(org, manager, supplier, late_days=-3)  # promised in 3 days, came early
    copy = scorecard_snapshot(supplier)
    assert copy["no_data"] is False
    assert copy["score"] == 100.0 and copy["standing"] == "Excellent"
    (criterion,) = copy["criteria"]
    assert criterion["label"].startswith("On time in full") and criterion["points"] == 100.0
    assert "2 deliveries" in criterion["inputs"]
    assert copy["recent"][0]["score"] == 100.0
    # Later deliveries move the scorecard, never the copy already taken.
    deliver(org, manager, supplier, late_days=20)
    assert scorecard_snapshot(supplier)["score"] != copy["score"]


def test_the_questionnaire_copy_is_the_latest_accepted_one(org, manager, supplier_member):
    supplier = supplier_member.supplier
    assert questionnaire_snapshot(supplier)["source"] == "none"
    template = build_template(org, manager.user)
    request = send(org, manager.user, template, supplier)
    questionnaire_services.answers_save(
        organization=org,
        actor=supplier_member.user,
        request=request,
        values=full_answers(template),
        files={},
        submit=True,
    )
    questionnaire_services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=request,
        decision="accept",
        points={questions_by_kind(template)["text"].pk: "80"},
    )
    copy = questionnaire_snapshot(supplier)
    assert copy["source"] == "questionnaire" and copy["score"] == 68.6
    assert "Supplier self-assessment" in copy["questionnaire"]
