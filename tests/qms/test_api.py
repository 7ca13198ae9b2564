"""The API of quality objectives and management reviews: create, status, hold (frozen
inputs), approve with the password, actions; auditors read and never write."""

from datetime import date

from tests.conftest import PASSWORD


def test_objectives_through_the_api(org, manager, auditor, api_client_for):
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/quality-objectives/"
    data = {
        "title": "OTIF",
        "kpi": "otif",
        "target": "95",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "owner": manager.user.pk,
    }
    response = api.post(base, data, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["status"]["label"] in {"No data", "Below target", "Not met"}
    bad = api.post(base, {**data, "kpi": "nope"}, format="json")
    assert bad.status_code == 400
    backwards = api.post(base, {**data, "period_end": "2025-01-01"}, format="json")
    assert backwards.status_code == 400
    reader = api_client_for(auditor)
    assert reader.get(base).json()["count"] == 1
    assert reader.post(base, data, format="json").status_code == 403


def test_a_review_through_the_api(org, manager, auditor, api_client_for):
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/management-reviews/"
    response = api.post(
        base,
        {
            "title": "Review",
            "meeting_date": "2026-07-01",
            "period_start": "2026-01-01",
            "period_end": "2026-06-30",
            "attendees": "MD",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    detail = api.get(f"{base}{pk}/").json()
    assert [s["item"] for s in detail["inputs"]][0] == "9.3.2 a)"
    held = api.post(f"{base}{pk}/hold/", format="json")
    assert held.status_code == 200 and held.json()["status"] == "held"
    assert api.post(f"{base}{pk}/hold/", format="json").status_code == 400
    action = api.post(
        f"/api/v1/o/{org.slug}/management-review-actions/",
        {
            "review": pk,
            "description": "Do",
            "owner": manager.user.pk,
            "due_date": str(date(2026, 9, 1)),
        },
        format="json",
    )
    assert action.status_code == 201, action.json()
    wrong = api.post(f"{base}{pk}/approve/", {"password": "wrong"}, format="json")
    assert wrong.status_code == 400
    approved = api.post(f"{base}{pk}/approve/", {"password": PASSWORD}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert api_client_for(auditor).post(f"{base}{pk}/hold/").status_code == 403
