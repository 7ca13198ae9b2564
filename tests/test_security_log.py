"""The security log: refused writes and failed authentications (sign-in, two-factor code,
API token), per organisation where known, read by its admins only; no more personal data
than an investigation needs; kept for a limited time."""

from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from relmgmt.audit.models import SecurityEvent
from relmgmt.audit.security import purge_expired
from relmgmt.policy import Role

from .conftest import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def _rows(**filters):
    return list(SecurityEvent.objects.filter(**filters).order_by("id"))


def test_a_failed_sign_in_is_logged_for_each_organisation_of_the_account(
    manager, other_org, make_member, client
):
    make_member(other_org, Role.AUDITOR, user=manager.user)
    client.post(LOGIN, {"login": manager.user.email, "password": "wrong"})
    rows = _rows(kind="login_failed")
    assert {row.organization_id for row in rows} == {manager.organization_id, other_org.pk}
    assert {row.user_id for row in rows} == {manager.user_id}
    assert rows[0].client_ip == "127.0.0.1" and rows[0].path == LOGIN


def test_a_failed_sign_in_of_an_unknown_account_keeps_no_name(client, db):
    client.post(LOGIN, {"login": "nobody-here@example.test", "password": "wrong"})
    (row,) = _rows(kind="login_failed")
    assert row.organization_id is None and row.user_id is None
    stored = " ".join(str(value) for value in vars(row).values())
    assert "nobody-here" not in stored


def test_a_refused_two_factor_code_is_logged(manager, client):
    TOTP.activate(manager.user, generate_totp_secret())
    response = client.post(LOGIN, {"login": manager.user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    (row,) = _rows(kind="mfa_failed")
    assert row.organization_id == manager.organization_id and row.user_id == manager.user_id


def test_a_refused_token_is_logged_for_the_organisation_of_the_address(org, manager):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-key")
    response = client.get(f"/api/v1/o/{org.slug}/suppliers/")
    assert response.status_code == 401
    (row,) = _rows(kind="token_failed")
    assert row.organization_id == org.pk and row.user_id is None
    assert "not-a-real-key" not in row.detail


def test_refused_writes_on_a_page_and_through_the_api_are_logged(
    manager, auditor, client_for, api_client_for
):
    org = manager.organization
    response = client_for(manager).post(reverse("member_invite", kwargs={"org_slug": org.slug}))
    assert response.status_code == 403
    response = api_client_for(auditor).post(
        f"/api/v1/o/{org.slug}/suppliers/", {"code": "X"}, format="json"
    )
    assert response.status_code == 403
    rows = _rows(kind="write_refused")
    assert [(row.user_id, row.method, row.status_code) for row in rows] == [
        (manager.user_id, "POST", 403),
        (auditor.user_id, "POST", 403),
    ]
    assert {row.organization_id for row in rows} == {org.pk}


def test_reads_refused_are_not_writes(auditor, client_for):
    org = auditor.organization
    url = reverse("member_invite", kwargs={"org_slug": org.slug})
    assert client_for(auditor).get(url).status_code == 403
    assert not _rows(kind="write_refused")


def _results(response) -> str:
    return response.content.decode().split('id="security-results"', 1)[1]


def test_admins_read_their_organisations_log_only_with_filters(
    admin, manager, outsider, client_for, assert_constant_queries
):
    org = admin.organization
    Client().post(LOGIN, {"login": manager.user.email, "password": "wrong"})
    Client().post(LOGIN, {"login": outsider.user.email, "password": "wrong"})
    url = reverse("security_log", kwargs={"org_slug": org.slug})
    client = client_for(admin)
    page = _results(client.get(url))
    assert manager.user.email in page and outsider.user.email not in page
    assert "Sign-in failed" in page
    assert manager.user.email not in _results(client.get(url, {"kind": "mfa_failed"}))

    def grow():
        for _ in range(5):
            Client().post(LOGIN, {"login": manager.user.email, "password": "wrong"})
        cache.clear()

    assert_constant_queries(client, url, grow=grow)
    assert client_for(manager).get(url).status_code == 403  # admins only


def test_rows_past_the_retention_are_purged(manager, client, settings):
    settings.RELMGMT_SECURITY_LOG_DAYS = 30
    client.post(LOGIN, {"login": manager.user.email, "password": "wrong"})
    old = SecurityEvent.objects.create(
        occurred_at=timezone.now() - timedelta(days=31), kind="login_failed"
    )
    assert purge_expired() == 1
    assert not SecurityEvent.objects.filter(pk=old.pk).exists()
    assert SecurityEvent.objects.count() == 1
