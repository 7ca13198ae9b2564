"""The root cause analysis through the API: the five whys and the fishbone's causes added,
changed, moved, marked and removed with the page's rules and audit events."""

import pytest

from corrective_actions.models import FishboneCause, WhyStep
from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role

from .helpers import in_state, make_ca

pytestmark = pytest.mark.django_db


def _events(org, model_label):
    with org_scope(org):
        return list(
            AuditEvent.objects.filter(organization=org, model_label=model_label)
            .order_by("seq")
            .values_list("action", "source", "actor_id")
        )


def test_the_whys_are_added_changed_moved_and_removed(org, manager, api_client_for):
    ca = make_ca(org, manager.user)
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/corrective-action-whys/"
    ids = []
    for number in range(3):
        answer = api.post(
            base,
            {"corrective_action": ca.pk, "why": f"Why {number}?", "because": f"B{number}"},
            format="json",
        )
        assert answer.status_code == 201, answer.content
        assert answer.json()["position"] == number + 1
        assert answer.json()["corrective_action"] == ca.pk
        ids.append(answer.json()["id"])

    changed = api.patch(f"{base}{ids[1]}/", {"because": "Worn die"}, format="json")
    assert changed.status_code == 200
    assert changed.json()["why"] == "Why 1?"
    assert changed.json()["because"] == "Worn die"

    moved = api.patch(f"{base}{ids[2]}/", {"position": 1}, format="json")
    assert moved.json()["position"] == 1
    with org_scope(org):
        chain = list(WhyStep.objects.filter(analysis=ca.analysis).values_list("id", "position"))
    assert chain == [(ids[2], 1), (ids[0], 2), (ids[1], 3)]

    inserted = api.post(
        base, {"corrective_action": ca.pk, "why": "First of all?", "position": 1}, format="json"
    )
    assert inserted.json()["position"] == 1

    assert api.delete(f"{base}{ids[2]}/").status_code == 204
    detail = api.get(f"/api/v1/o/{org.slug}/corrective-actions/{ca.pk}/").json()
    whys = detail["analysis"]["whys"]
    assert [(step["position"], step["why"]) for step in whys] == [
        (1, "First of all?"),
        (2, "Why 0?"),
        (3, "Why 1?"),
    ]
    assert api.get(f"{base}{ids[0]}/").json()["position"] == 2

    events = _events(org, "corrective_actions.whystep")
    assert {action for action, _s, _a in events} == {"create", "update", "delete"}
    assert all(source == "api" and actor == manager.user.pk for _a, source, actor in events)


def test_bad_whys_are_refused_whole(org, manager, api_client_for):
    ca = make_ca(org, manager.user)
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/corrective-action-whys/"
    assert (
        api.post(base, {"corrective_action": ca.pk, "why": " "}, format="json").status_code == 400
    )
    first = api.post(base, {"corrective_action": ca.pk, "why": "Why?"}, format="json").json()
    # A place outside the chain, with a change of words: neither is saved.
    refused = api.patch(f"{base}{first['id']}/", {"why": "Changed?", "position": 4}, format="json")
    assert refused.status_code == 400
    assert "position" in refused.json()["error"]["fields"]
    assert api.get(f"{base}{first['id']}/").json()["why"] == "Why?"
    for _ in range(9):
        api.post(base, {"corrective_action": ca.pk, "why": "Again?"}, format="json")
    eleventh = api.post(base, {"corrective_action": ca.pk, "why": "More?"}, format="json")
    assert eleventh.status_code == 400
    assert "10 steps" in eleventh.content.decode()


def test_the_fishbone_causes_are_added_marked_and_removed(org, manager, api_client_for):
    ca = make_ca(org, manager.user)
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/corrective-action-causes/"
    made = api.post(
        base,
        {"corrective_action": ca.pk, "category": "machine", "cause": "Worn die"},
        format="json",
    )
    assert made.status_code == 201
    assert made.json()["is_root"] is False
    cause_id = made.json()["id"]
    marked = api.patch(f"{base}{cause_id}/", {"is_root": True}, format="json")
    assert marked.json() == {
        "id": cause_id,
        "corrective_action": ca.pk,
        "category": "machine",
        "cause": "Worn die",
        "is_root": True,
    }
    wrong = api.patch(f"{base}{cause_id}/", {"category": "weather"}, format="json")
    assert wrong.status_code == 400
    summary = api.patch(
        f"/api/v1/o/{org.slug}/corrective-actions/{ca.pk}/root-cause/",
        {"summary": "The die was past its life."},
        format="json",
    )
    assert summary.status_code == 200
    assert summary.json()["analysis"]["summary"] == "The die was past its life."
    assert summary.json()["analysis"]["causes"][0]["is_root"] is True
    assert api.delete(f"{base}{cause_id}/").status_code == 204
    with org_scope(org):
        assert not FishboneCause.objects.filter(analysis=ca.analysis).exists()
    actions = [action for action, _s, _a in _events(org, "corrective_actions.fishbonecause")]
    assert actions == ["create", "update", "delete"]
    assert _events(org, "corrective_actions.rootcauseanalysis")[-1][:2] == ("update", "api")


def test_a_closed_analysis_is_not_changed(org, manager, api_client_for, make_member):
    checker = make_member(org, Role.MANAGER)
    api = api_client_for(manager)
    for state in ("implementation", "closed", "cancelled"):
        ca = in_state(org, manager, checker, state)
        with org_scope(org):
            step = WhyStep.objects.filter(analysis=ca.analysis).get()
        answers = [
            api.post(
                f"/api/v1/o/{org.slug}/corrective-action-whys/",
                {"corrective_action": ca.pk, "why": "Late?"},
                format="json",
            ),
            api.patch(
                f"/api/v1/o/{org.slug}/corrective-action-whys/{step.pk}/",
                {"why": "Later?"},
                format="json",
            ),
            api.delete(f"/api/v1/o/{org.slug}/corrective-action-whys/{step.pk}/"),
            api.post(
                f"/api/v1/o/{org.slug}/corrective-action-causes/",
                {"corrective_action": ca.pk, "category": "people", "cause": "Late"},
                format="json",
            ),
            api.patch(
                f"/api/v1/o/{org.slug}/corrective-actions/{ca.pk}/root-cause/",
                {"summary": "Late"},
                format="json",
            ),
        ]
        assert [answer.status_code for answer in answers] == [400] * 5, state
        assert "closed" in answers[0].content.decode()
        with org_scope(org):
            assert WhyStep.objects.filter(analysis=ca.analysis).get().why == "Why burrs?"


def test_another_organisation_s_corrective_action_is_not_named(
    org, other_org, manager, outsider, api_client_for
):
    theirs = make_ca(other_org, outsider.user)
    api = api_client_for(manager)
    answer = api.post(
        f"/api/v1/o/{org.slug}/corrective-action-whys/",
        {"corrective_action": theirs.pk, "why": "Why?"},
        format="json",
    )
    assert answer.status_code == 400
    assert "corrective_action" in answer.json()["error"]["fields"]


def test_an_auditor_reads_but_does_not_change(org, manager, auditor, api_client_for):
    ca = make_ca(org, manager.user)
    api = api_client_for(manager)
    made = api.post(
        f"/api/v1/o/{org.slug}/corrective-action-whys/",
        {"corrective_action": ca.pk, "why": "Why?"},
        format="json",
    ).json()
    reader = api_client_for(auditor)
    url = f"/api/v1/o/{org.slug}/corrective-action-whys/{made['id']}/"
    assert reader.get(url).status_code == 200
    assert reader.patch(url, {"why": "No"}, format="json").status_code == 403
