"""Suppliers' 8Ds through the API: the buyer issues one and reviews steps (a step out of
order and a move the step does not allow refused, 400, naming what to do); the supplier's
portal user answers in the portal API with D4's whys and causes, never sees the internal
notes, and gets 404 for another supplier's 8D; list query counts stay constant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corrective_actions.models.scars import Discipline
from relmgmt.policy import Role

from .scar_helpers import issue, through


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_8d_through_both_apis(org, manager, supplier_member, make_member, api_client_for):
    staff = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/supplier-8d/"
    created = staff.post(
        base,
        {
            "supplier": supplier_member.supplier_id,
            "title": "Burrs",
            "description": "Lot 4411",
            "internal_note": "SECRET-NOTE",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    scar_id = created.json()["id"]
    assert [s["status"] for s in created.json()["steps"]][:2] == ["open", "waiting"]
    refused = staff.post(f"{base}{scar_id}/review/", {"discipline": 1, "action": "accept"})
    assert refused.status_code == 400 and "allowed: submit" in str(refused.json())
    assert staff.post(f"{base}{scar_id}/note/", {"note": "SECRET-HISTORY"}).status_code == 200
    portal = api_client_for(supplier_member)
    mine = f"/api/v1/portal/{org.slug}/8d/{scar_id}/"
    body = portal.get(mine).content.decode()
    assert "SECRET" not in body and "internal_note" not in body
    early = portal.post(f"{mine}answer/", {"discipline": 2, "answer": "x"}, format="json")
    assert early.status_code == 400 and "D2 opens once D1 is accepted" in str(early.json())
    answered = portal.post(f"{mine}answer/", {"discipline": 1, "answer": "Team"}, format="json")
    assert answered.status_code == 200, answered.json()
    accepted = staff.post(f"{base}{scar_id}/review/", {"discipline": 1, "action": "accept"})
    assert accepted.json()["current_step"] == 2
    stranger = api_client_for(make_member(org, Role.SUPPLIER))
    assert stranger.get(mine).status_code == 404
    assert stranger.post(f"{mine}answer/", {"discipline": 2, "answer": "x"}).status_code == 404
    assert staff.get(f"{base}?current_step=2").json()["count"] == 1
    assert staff.get(f"{base}?current_step=3").json()["count"] == 0


def test_d4_analysis_in_the_portal_api(org, manager, supplier_member, api_client_for):
    scar = issue(org, manager.user, supplier_member.supplier)
    through(org, manager.user, supplier_member.user, scar, Discipline.D3)
    portal = api_client_for(supplier_member)
    url = f"/api/v1/portal/{org.slug}/8d/{scar.pk}/"
    why = portal.post(f"{url}analysis-whys/", {"why": "Why?", "because": "Worn die"})
    assert why.status_code == 200 and why.json()["whys"][0]["because"] == "Worn die"
    cause = portal.post(
        f"{url}analysis-causes/", {"category": "machine", "cause": "No counter", "is_root": True}
    )
    assert cause.status_code == 200 and cause.json()["causes"][0]["is_root"] is True
    sent = portal.post(
        f"{url}answer/",
        {"discipline": 4, "answer": "Worn die", "escape_point": "Sampling"},
        format="json",
    )
    assert sent.status_code == 200, sent.json()


def test_list_query_counts_are_constant(org, manager, supplier_member, api_client_for):
    staff = api_client_for(manager)
    portal = api_client_for(supplier_member)
    urls = (
        (staff, f"/api/v1/o/{org.slug}/supplier-8d/"),
        (portal, f"/api/v1/portal/{org.slug}/8d/"),
    )
    issue(org, manager.user, supplier_member.supplier)
    few = []
    for client, url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as counted:
            assert client.get(url).status_code == 200
        few.append(len(counted))
    for _ in range(4):
        more = issue(org, manager.user, supplier_member.supplier)
        through(org, manager.user, supplier_member.user, more, Discipline.D1)
    for (client, url), expected in zip(urls, few, strict=True):
        client.get(url)
        with CaptureQueriesContext(connection) as counted:
            assert client.get(url).status_code == 200
        assert len(counted) == expected, url


def test_the_check_and_the_signed_closure_through_the_api(
    org, admin, manager, supplier_member, api_client_for
):
    from corrective_actions.models import SupplierCorrectiveAction
    from relmgmt.core.scoping import org_scope
    from tests.conftest import PASSWORD

    from .scar_helpers import through

    scar = issue(org, manager.user, supplier_member.supplier)
    through(org, manager.user, supplier_member.user, scar, Discipline.D8)
    url = f"/api/v1/o/{org.slug}/supplier-8d/{scar.pk}/"
    owner, other = api_client_for(manager), api_client_for(admin)
    waiting = owner.get(url).json()
    assert waiting["state"] == "effectiveness_check" and waiting["effectiveness_due_on"]
    early = other.post(f"{url}transition/", {"action": "effective", "note": "Fine"})
    assert early.status_code == 400 and "cannot be recorded before" in str(early.json())
    with org_scope(org):  # the check falls due
        SupplierCorrectiveAction.objects.filter(pk=scar.pk).update(
            effectiveness_due_on=scar.issued_at.date()
        )
    mine = owner.post(f"{url}transition/", {"action": "effective", "note": "Fine"})
    assert mine.status_code == 403
    blank = other.post(f"{url}transition/", {"action": "effective"})
    assert blank.status_code == 400 and "note" in blank.json()["error"]["fields"]
    checked = other.post(f"{url}transition/", {"action": "effective", "note": "No burrs since."})
    assert checked.status_code == 200, checked.json()
    assert checked.json()["state"] == "effective"
    assert checked.json()["effectiveness_checked_by"] == admin.user.pk
    unsigned = other.post(f"{url}transition/", {"action": "close"})
    assert unsigned.status_code == 400 and "password" in unsigned.json()["error"]["fields"]
    closed = other.post(f"{url}transition/", {"action": "close", "password": PASSWORD})
    assert closed.json()["state"] == "closed" and closed.json()["closure_signature"]
    again = other.post(f"{url}transition/", {"action": "close", "password": PASSWORD})
    assert again.status_code == 400 and "allows no further action" in str(again.json())
    assert "password" not in str(closed.json())
