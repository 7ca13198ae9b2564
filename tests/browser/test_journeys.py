"""The journeys people take, in a real browser."""

import re

import pytest
from django.core import mail

from relmgmt.demo.seed import DEMO_PASSWORD, seed_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize(
    ("email", "landing", "heading"),
    [
        ("admin@acme.example", "/o/acme/", "Acme Precision Parts Ltd"),
        ("manager@acme.example", "/o/acme/", "Acme Precision Parts Ltd"),
        ("auditor@globex.example", "/o/globex/", "Globex Components GmbH"),
        ("supplier@acme.example", "/portal/acme/", "Northwind Castings"),
        ("supplier2@acme.example", "/portal/acme/", "Contoso Fasteners"),
    ],
)
def test_each_demo_role_signs_in_and_lands_on_its_home(page, email, landing, heading):
    seed_demo(records=False)
    sign_in(page, email)
    page.wait_for_url(re.compile(re.escape(landing) + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.csp_violations == []


def test_the_auditor_sees_the_log_but_no_members_or_settings(page):
    seed_demo(records=False)
    sign_in(page, "auditor@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    navigation = page.get_by_role("navigation", name="Main")
    assert navigation.get_by_role("link", name="Audit log").count() == 1
    assert navigation.get_by_role("link", name="Members").count() == 0
    navigation.get_by_role("link", name="Audit log").click()
    page.wait_for_url(re.compile("/o/acme/audit/"))
    page.get_by_label("Kind of record").select_option("tenancy.membership")
    page.wait_for_url(re.compile("model_label=tenancy.membership"))
    assert page.locator("#audit-results tbody tr").count() >= 5


def test_an_admin_invites_a_member_who_accepts_by_the_emailed_link(page, new_page):
    seed_demo(records=False)
    sign_in(page, "admin@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Members").click()
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("Email").fill("new.colleague@acme.example")
    page.get_by_label("Role").select_option("manager")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(re.compile("/o/acme/members/$"))
    assert "Invitation sent to new.colleague@acme.example" in page.content()

    message = next(m for m in mail.outbox if m.to == ["new.colleague@acme.example"])
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    invitee = new_page()
    invitee.goto(link)
    invitee.get_by_label("Your name").fill("New Colleague")
    invitee.get_by_label(re.compile(r"^Password:?$")).fill("A-fresh-long-passphrase-31")
    invitee.get_by_label("Password (again)").fill("A-fresh-long-passphrase-31")
    invitee.get_by_role("button", name="Create account and join").click()
    invitee.wait_for_url(re.compile("/o/acme/$"))
    assert "Welcome to Acme Precision Parts Ltd" in invitee.content()


def test_a_form_error_is_shown_beside_the_field_and_focused(page):
    seed_demo(records=False)
    sign_in(page, "admin@acme.example")
    page.goto("/o/acme/members/invite/")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_selector("[aria-invalid='true']")
    assert page.evaluate("document.activeElement.name") == "email"
    assert "Enter a valid email address" in page.content()
