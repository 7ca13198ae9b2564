"""Re-evaluations, performance reviews and agreements through the API: the same rules and
filters as the pages, errors naming the field (rows by number), auditors read-only, and
lists at a constant number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import Agreement, ReEvaluation, Supplier

from ..conftest import PASSWORD
from .helpers_reviews import approved
from .test_review_pages import add_agreement, add_review, reevaluate


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def api(org, path):
    return f"/api/v1/o/{org.slug}/{path}"


def fields(response) -> dict:
    return response.json()["error"]["fields"]


def test_a_re_evaluation_through_the_api_suspends_signed_and_lists_by_decision(
    org, manager, make_supplier, api_client_for
):
    supplier = approved(org, manager.user, make_supplier)
    client = api_client_for(manager)
    body = {
        "supplier": supplier.pk,
        "evaluated_on": organization_today(org).isoformat(),
        "evaluator": manager.user.pk,
        "decision": "suspend",
        "reason": "Late again",
    }
    response = client.post(api(org, "reevaluations/"), body, format="json")
    assert response.status_code == 400
    assert "password" in fields(response)
    with org_scope(org):
        assert not ReEvaluation.objects.exists()
    response = client.post(
        api(org, "reevaluations/"), {**body, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["transition_to"], data["signed"]) == ("suspended", True)
    assert "password" not in data
    with org_scope(org):
        assert Supplier.objects.get(pk=supplier.pk).status == "suspended"
    listed = client.get(api(org, "reevaluations/?decision=suspend")).json()
    assert [row["id"] for row in listed["results"]] == [data["id"]]
    assert client.get(api(org, "reevaluations/?decision=continue")).json()["results"] == []


def test_the_due_list_filters_overdue_suppliers(org, manager, make_supplier, api_client_for):
    late = approved(org, manager.user, make_supplier, criticality="critical")
    approved(org, manager.user, make_supplier)
    from suppliers.services import reevaluations as reevaluation_services

    reevaluation_services.reevaluation_record(
        organization=org,
        actor=manager.user,
        supplier=late,
        data={
            "evaluated_on": organization_today(org) - timedelta(days=400),
            "evaluator": manager.user,
            "decision": "continue",
            "reason": "Fine then",
        },
    )
    client = api_client_for(manager)
    rows = client.get(api(org, "reevaluations-due/?due=overdue")).json()["results"]
    assert [row["code"] for row in rows] == [late.code]
    assert rows[0]["last_evaluated_on"] is not None


def test_performance_reviews_and_their_actions_through_the_api(
    org, manager, make_supplier, api_client_for
):
    supplier = make_supplier(org)
    client = api_client_for(manager)
    today = organization_today(org).isoformat()
    body = {
        "supplier": supplier.pk,
        "held_on": today,
        "minutes": "Scorecard",
        "members": [manager.user.pk],
        "actions": [
            {"description": "Send 8D", "owner": manager.user.pk, "due_on": today},
            {"description": "No owner", "due_on": today},
        ],
    }
    response = client.post(api(org, "performance-reviews/"), body, format="json")
    assert response.status_code == 400
    assert "actions" in fields(response)
    body["actions"].pop()
    response = client.post(api(org, "performance-reviews/"), body, format="json")
    assert response.status_code == 201, response.json()
    review = response.json()
    assert review["scorecard_snapshot"]["source"] == "scorecard"
    action_id = review["actions"][0]["id"]
    done = client.post(
        api(org, f"performance-review-actions/{action_id}/done/"), {"done": True}, format="json"
    )
    assert done.status_code == 200 and done.json()["done"] is True
    changed = client.patch(
        api(org, f"performance-reviews/{review['id']}/"),
        {"decisions": "Quarterly rhythm", "reason": "Typo"},
        format="json",
    )
    assert changed.status_code == 200
    assert changed.json()["decisions"] == "Quarterly rhythm"
    assert len(changed.json()["actions"]) == 1
    assert client.get(api(org, "performance-reviews/?open_actions=true")).json()["results"] == []


def test_agreements_through_the_api_refuse_bad_rows_and_filter_by_end(
    org, manager, make_supplier, api_client_for
):
    supplier = make_supplier(org)
    client = api_client_for(manager)
    today = organization_today(org)
    body = {
        "supplier": supplier.pk,
        "contract_reference": "SA-1",
        "title": "Housings",
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=20)).isoformat(),
        "service_levels": [{"measure": "OTIF", "target": "95", "unit": "%"}, {"measure": "PPM"}],
    }
    response = client.post(api(org, "agreements/"), body, format="json")
    assert response.status_code == 400
    assert "service_levels" in fields(response)
    body["service_levels"][1]["target"] = "500"
    response = client.post(api(org, "agreements/"), body, format="json")
    assert response.status_code == 201, response.json()
    agreement_id = response.json()["id"]
    response = client.patch(
        api(org, f"agreements/{agreement_id}/"),
        {"ends_on": (today - timedelta(days=1)).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "ends_on" in fields(response)
    response = client.post(api(org, "agreements/"), body, format="json")
    assert "contract_reference" in fields(response)
    add_agreement(org, manager.user, supplier, "LATER")
    with org_scope(org):
        Agreement.objects.filter(contract_reference="LATER").update(
            ends_on=today + timedelta(days=200)
        )
    ending = client.get(api(org, "agreements/?within_days=30")).json()["results"]
    assert [row["contract_reference"] for row in ending] == ["SA-1"]
    ending = client.get(api(org, "agreements/?ending=180&status=active")).json()["results"]
    assert [row["contract_reference"] for row in ending] == ["SA-1"]


def test_auditors_read_and_may_not_write(org, manager, auditor, make_supplier, api_client_for):
    supplier = approved(org, manager.user, make_supplier)
    reevaluate(org, manager.user, supplier)
    review = add_review(org, manager.user, supplier)
    add_agreement(org, manager.user, supplier, "A-1")
    client = api_client_for(auditor)
    for path in [
        "reevaluations/",
        "reevaluations-due/",
        "performance-reviews/",
        "performance-review-actions/",
        "agreements/",
    ]:
        assert client.get(api(org, path)).status_code == 200, path
        assert client.post(api(org, path), {}, format="json").status_code in (403, 405), path
    with org_scope(org):
        action = review.actions.get()
    response = client.post(
        api(org, f"performance-review-actions/{action.pk}/done/"), {"done": True}, format="json"
    )
    assert response.status_code == 403


def test_api_lists_cost_the_same_whatever_their_length(org, manager, make_supplier, api_client_for):
    client = api_client_for(manager)
    supplier = approved(org, manager.user, make_supplier)
    reevaluate(org, manager.user, supplier)
    add_review(org, manager.user, supplier)
    add_agreement(org, manager.user, supplier, "A-0")
    paths = ["reevaluations/", "performance-reviews/", "agreements/", "reevaluations-due/"]

    def count(path):
        client.get(api(org, path))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(api(org, path)).status_code == 200
        return len(captured)

    before = {path: count(path) for path in paths}
    for number in range(1, 4):
        other = approved(org, manager.user, make_supplier)
        reevaluate(org, manager.user, other)
        add_review(org, manager.user, other)
        add_agreement(org, manager.user, other, f"A-{number}")
    assert {path: count(path) for path in paths} == before
