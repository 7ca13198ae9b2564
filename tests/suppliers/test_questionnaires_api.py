"""Questionnaires through the API: a template made in one call, frozen once sent, sending,
the list's filters and query count, review and cancel."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmgmt.core.dates import organization_today
from suppliers.services.questionnaires import sent as services

from .questionnaire_helpers import SECTIONS, build_template, full_answers, questions_by_kind, send

BASE = "/api/v1/o/acme/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_template_is_made_in_one_call_and_frozen_once_sent(
    org, manager, supplier_member, api_client_for
):
    api = api_client_for(manager)
    response = api.post(
        f"{BASE}questionnaire-templates/",
        {"name": "Annual self-assessment", "sections": SECTIONS},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [len(s["questions"]) for s in body["sections"]] == [2, 3]
    assert body["sections"][1]["questions"][0]["options"][0] == {
        "label": "ERP with MRP",
        "points": 10,
    }
    due = (organization_today(org) + timedelta(days=10)).isoformat()
    response = api.post(
        f"{BASE}questionnaires/send/",
        {"template": body["id"], "suppliers": [supplier_member.supplier_id], "due_date": due},
        format="json",
    )
    assert response.status_code == 201 and response.json()[0]["status"] == "sent"
    response = api.patch(
        f"{BASE}questionnaire-templates/{body['id']}/", {"name": "Renamed"}, format="json"
    )
    assert response.status_code == 400 and "frozen" in str(response.json())
    response = api.post(f"{BASE}questionnaire-templates/{body['id']}/new-version/")
    assert response.status_code == 201 and response.json()["version"] == 2
    assert api.delete(f"{BASE}questionnaire-templates/{body['id']}/").status_code == 400
    assert api.delete(f"{BASE}questionnaire-templates/{response.json()['id']}/").status_code == 204


def test_a_bad_template_names_the_field(org, manager, api_client_for):
    response = api_client_for(manager).post(
        f"{BASE}questionnaire-templates/",
        {
            "name": "Broken",
            "sections": [
                {"title": "A", "questions": [{"text": "Rate", "kind": "scale", "scale_min": 3}]}
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "scale_max" in str(response.json())


def test_the_list_filters_and_makes_a_constant_number_of_queries(
    org, manager, supplier_member, make_supplier, api_client_for
):
    template = build_template(org, manager.user)
    send(org, manager.user, template, supplier_member.supplier)
    api = api_client_for(manager)
    api.get(f"{BASE}questionnaires/")
    with CaptureQueriesContext(connection) as few:
        assert api.get(f"{BASE}questionnaires/").json()["count"] == 1
    for _ in range(5):
        send(org, manager.user, template, make_supplier(org))
    with CaptureQueriesContext(connection) as many:
        assert api.get(f"{BASE}questionnaires/").json()["count"] == 6
    assert len(many) == len(few)
    found = api.get(f"{BASE}questionnaires/", {"supplier": supplier_member.supplier_id}).json()
    assert found["count"] == 1
    assert api.get(f"{BASE}questionnaires/", {"status": "accepted"}).json()["count"] == 0
    assert api.get(f"{BASE}questionnaires/", {"overdue": "true"}).json()["count"] == 0


def test_review_and_cancel_through_the_api(org, manager, supplier_member, api_client_for):
    template = build_template(org, manager.user)
    record = send(org, manager.user, template, supplier_member.supplier)
    services.answers_save(
        organization=org,
        actor=supplier_member.user,
        request=record,
        values=full_answers(template),
        submit=True,
    )
    api = api_client_for(manager)
    text = questions_by_kind(template)["text"]
    url = f"{BASE}questionnaires/{record.pk}/"
    response = api.post(f"{url}review/", {"decision": "accept"}, format="json")
    assert f"points_{text.pk}" in response.json()["error"]["fields"]
    response = api.post(
        f"{url}review/", {"decision": "accept", "points": {str(text.pk): "80"}}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "accepted" and body["score"] == "68.6"
    assert {a["question"] for a in body["answers"]} >= {text.pk}
    response = api.post(f"{url}cancel/", {"reason": "Too late"}, format="json")
    assert response.status_code == 400 and "accepted already" in str(response.json())
