"""Signing in, sessions, lockout that cools off, password reset and change, two-factor."""

import re
import time

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.test import Client

from relmgmt.policy import Role

from .conftest import PASSWORD

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def sign_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_a_member_signs_in_by_email_and_lands_on_the_organisation_home(manager, client):
    response = sign_in(client, manager.user.email)
    assert response.status_code == 302
    response = client.get(response["Location"], follow=True)
    assert response.redirect_chain[-1][0] == f"/o/{manager.organization.slug}/"
    assert b"Acme Ltd" in response.content


def test_email_is_matched_without_regard_to_case(manager, client):
    response = sign_in(client, manager.user.email.upper())
    assert response.status_code == 302


def test_a_supplier_lands_in_the_portal(supplier_member, client):
    sign_in(client, supplier_member.user.email)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == f"/portal/{supplier_member.organization.slug}/"
    assert supplier_member.supplier.name.encode() in response.content


def test_a_person_in_two_organisations_chooses_and_can_switch(
    manager, other_org, make_member, client
):
    make_member(other_org, Role.AUDITOR, user=manager.user)
    sign_in(client, manager.user.email)
    response = client.get("/")
    assert response.status_code == 200
    assert b"Acme Ltd" in response.content and b"Globex GmbH" in response.content
    page = client.get(f"/o/{manager.organization.slug}/")
    assert b'id="org-switcher"' in page.content
    assert client.get(f"/o/{other_org.slug}/").status_code == 200


def test_signing_in_gives_a_new_session_id(manager, client):
    client.get(LOGIN)
    client.session["probe"] = 1
    before = client.session.session_key
    sign_in(client, manager.user.email)
    assert client.session.session_key != before


def test_a_wrong_password_is_refused_with_a_message(manager, client):
    response = sign_in(client, manager.user.email, "not-the-password")
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content


def test_repeated_failures_lock_the_address_for_a_while_then_it_cools_off(
    manager, client, settings
):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,3/2s/key"}
    for _ in range(3):
        sign_in(client, manager.user.email, "wrong")
    locked = sign_in(client, manager.user.email)
    assert locked.status_code in {200, 429}
    assert "_auth_user_id" not in client.session
    other = Client()
    time.sleep(2.2)
    assert sign_in(other, manager.user.email).status_code == 302


def test_password_reset_by_email(manager, client):
    client.post("/accounts/password/reset/", {"email": manager.user.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    new_password = "An-entirely-new-passphrase-77"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    assert (
        Client().post(LOGIN, {"login": manager.user.email, "password": new_password}).status_code
        == 302
    )


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302
    assert all(
        "nobody@example.test" not in m.to for m in mail.outbox if "reset" in m.subject.lower()
    )


def test_changing_the_password_ends_the_other_sessions(manager):
    laptop, phone = Client(), Client()
    sign_in(laptop, manager.user.email)
    sign_in(phone, manager.user.email)
    new_password = "Another-long-passphrase-88"
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert laptop.get(f"/o/{manager.organization.slug}/").status_code == 200
    assert phone.get(f"/o/{manager.organization.slug}/").status_code == 302


def _current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_two_factor_sign_in_asks_for_the_code(manager, client):
    secret = generate_totp_secret()
    TOTP.activate(manager.user, secret)
    response = sign_in(client, manager.user.email)
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.get(f"/o/{manager.organization.slug}/").status_code == 200


def test_an_organisation_that_requires_two_factor_sends_members_to_set_it_up(manager, client_for):
    organization = manager.organization
    organization.require_mfa = True
    organization.save()
    client = client_for(manager)
    response = client.get(f"/o/{organization.slug}/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    TOTP.activate(manager.user, generate_totp_secret())
    assert client.get(f"/o/{organization.slug}/").status_code == 200


def test_self_sign_up_is_closed(client, db):
    client.post(
        "/accounts/signup/",
        {"email": "walk-in@example.test", "password1": PASSWORD, "password2": PASSWORD},
    )
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.filter(email="walk-in@example.test").exists()
