"""An organisation that requires two-factor sign-in: a member's browser session without an
authenticator app is refused by every operation of the API (staff and portal), as the
pages send it to set one up; and no token can be issued to act as such a member."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from relmgmt.policy import Role

from .test_isolation import BACKEND, api_url, call, org_api_operations, portal_api_operations
from .world import snapshot


def _require_mfa(organization):
    organization.require_mfa = True
    organization.save()


def _session(membership):
    client = APIClient()
    client.force_login(membership.user, backend=BACKEND)
    return client


@pytest.mark.parametrize(("path", "method"), org_api_operations())
def test_a_staff_session_without_two_factor_is_refused_by_every_api_operation(path, method, world):
    mine, _theirs = world
    _require_mfa(mine.organization)
    url = api_url(path, mine.organization.slug, mine.objects)
    before = snapshot()
    response = call(_session(mine.members[Role.ADMIN]), method, url)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"
    assert snapshot() == before


@pytest.mark.parametrize(("path", "method"), portal_api_operations())
def test_a_portal_session_without_two_factor_is_refused_by_every_portal_api_operation(
    path, method, world
):
    mine, _theirs = world
    _require_mfa(mine.organization)
    url = api_url(path, mine.organization.slug, mine.objects)
    before = snapshot()
    response = call(_session(mine.members[Role.SUPPLIER]), method, url)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "mfa_required"
    assert snapshot() == before


def test_a_session_with_two_factor_set_up_is_served(world):
    mine, _theirs = world
    _require_mfa(mine.organization)
    admin = mine.members[Role.ADMIN]
    TOTP.activate(admin.user, generate_totp_secret())
    response = _session(admin).get(f"/api/v1/o/{mine.organization.slug}/suppliers/")
    assert response.status_code == 200


def test_no_token_is_issued_for_a_member_without_two_factor(world, client):
    mine, _theirs = world
    _require_mfa(mine.organization)
    admin, manager = mine.members[Role.ADMIN], mine.members[Role.MANAGER]
    TOTP.activate(admin.user, generate_totp_secret())
    client.force_login(admin.user, backend=BACKEND)
    before = snapshot()
    response = client.post(
        f"/o/{mine.organization.slug}/tokens/",
        {"name": "ERP import", "membership": manager.pk},
    )
    assert response.status_code == 200
    assert "must set up an authenticator app" in response.content.decode()
    with pytest.raises(CommandError, match="must set up an authenticator app"):
        call_command("create_api_token", org=mine.organization.slug, email=manager.user.email)
    assert snapshot() == before
