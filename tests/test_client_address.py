"""Behind the proxies the operator trusts, login failures count per account and per real
client: one attacker hammering the sign-in page does not lock out everyone else who comes
through the same proxy."""

import pytest
from django.core.cache import cache
from django.test import Client

from .conftest import PASSWORD

LOGIN = "/accounts/login/"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def fresh_rate_limits(settings):
    cache.clear()
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/m/key"}


def _sign_in(email, client_address, password=PASSWORD, **forwarded):
    client = Client(REMOTE_ADDR=PROXY, **forwarded)
    headers = {"HTTP_X_FORWARDED_FOR": f"{client_address}, {PROXY}"} if not forwarded else {}
    response = client.post(LOGIN, {"login": email, "password": password}, **headers)
    return response, client


def _signed_in(result):
    response, client = result
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_behind_a_trusted_proxy_one_clients_failures_lock_out_only_that_client(
    manager, auditor, settings
):
    settings.RELMGMT_TRUSTED_PROXY_COUNT = 2
    for email in ("nobody@example.test", "nobody2@example.test", "nobody3@example.test"):
        _sign_in(email, "203.0.113.66", "wrong")
    # The attacker's address is locked out, even with the right password of another person.
    assert not _signed_in(_sign_in(auditor.user.email, "203.0.113.66"))
    # Everyone else behind the same proxy signs in.
    assert _signed_in(_sign_in(manager.user.email, "198.51.100.7"))


def test_a_forged_forwarded_for_entry_is_not_believed(manager, auditor, settings):
    settings.RELMGMT_TRUSTED_PROXY_COUNT = 1
    for index in range(3):
        # The client writes a new address each time; our one proxy appends the real one.
        _sign_in(f"nobody{index}@example.test", f"192.0.2.{index}, 203.0.113.66", "wrong")
    assert not _signed_in(_sign_in(auditor.user.email, "192.0.2.99, 203.0.113.66"))


def test_failures_on_one_account_lock_that_account_from_every_client(manager, settings):
    settings.RELMGMT_TRUSTED_PROXY_COUNT = 2
    for index in range(3):
        _sign_in(manager.user.email, f"203.0.113.{index}", "wrong")
    assert not _signed_in(_sign_in(manager.user.email, "198.51.100.7"))


def test_a_proxy_that_names_the_client_in_a_header_of_its_own(manager, auditor, settings):
    settings.RELMGMT_CLIENT_IP_HEADER = "X-Real-IP"
    for index in range(3):
        _sign_in(f"nobody{index}@example.test", "", "wrong", HTTP_X_REAL_IP="203.0.113.66")
    assert not _signed_in(_sign_in(auditor.user.email, "", HTTP_X_REAL_IP="203.0.113.66"))
    assert _signed_in(_sign_in(manager.user.email, "", HTTP_X_REAL_IP="198.51.100.7"))


def test_without_trusted_proxies_forwarded_headers_are_ignored(manager, auditor, settings):
    settings.RELMGMT_TRUSTED_PROXY_COUNT = 0
    for index in range(3):
        _sign_in(f"nobody{index}@example.test", f"203.0.113.{index}", "wrong")
    # Every request came from the proxy's address: that address is what was counted.
    assert not _signed_in(_sign_in(manager.user.email, "198.51.100.7"))
