"""Nonconformities and corrective actions in a real browser: a rejected delivery opens its
nonconformity in one click, the nonconformity its corrective action; the owner finds the
root cause (whys and fishbone edited in place), plans and does the action; once the
effectiveness check falls due, another manager records it and signs the closure."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from corrective_actions.models import CorrectiveAction, Nonconformity
from corrective_actions.services import corrective_actions as ca_services
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import DEMO_PASSWORD, seed_demo
from relmgmt.tenancy.models import Organization
from tests.support.demo_snapshot import demo_seeded

from ..conftest import create_supplier
from ..corrective_actions.helpers import rejected_delivery
from .test_journeys import sign_in
from .test_page_widths import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, name, **fields):
    page.get_by_role("button", name=name, exact=True).click()
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save the step").click()
    page.wait_for_url(re.compile(r"/o/acme/corrective-actions/\d+/$"))


def test_a_rejected_delivery_leads_to_a_signed_closure(page, new_page):
    seed_demo(records=False)
    organization = Organization.objects.get(slug="acme")
    supplier = create_supplier(organization, name="Brackets Ltd")
    delivery = rejected_delivery(organization, None, supplier, rejected=9)

    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto(f"/o/acme/deliveries/{delivery.pk}/")
    page.get_by_role("link", name="Open a nonconformity for the rejection").click()
    page.get_by_role("button", name="Open the nonconformity").click()
    page.wait_for_url(re.compile(r"/o/acme/nonconformities/\d+/$"))
    assert "Rejected at receipt: Bracket" in page.content()
    page.get_by_role("button", name="Open a corrective action").click()
    page.wait_for_url(re.compile(r"/o/acme/corrective-actions/\d+/$"))
    url = page.url

    # The analysis, edited in place.
    page.get_by_label("Next why").fill("Why were the edges burred?")
    page.get_by_label("Because", exact=True).fill("The die is worn")
    page.get_by_role("button", name="Add the why").click()
    page.wait_for_selector("#analysis input[aria-label='Why 1']")
    page.locator("#analysis select[name=category]").select_option("machine")
    page.get_by_label("New cause").fill("Die past its stroke count")
    page.locator("#analysis form").filter(has=page.get_by_label("New cause")).get_by_label(
        "root cause"
    ).check()
    page.get_by_role("button", name="Add the cause").click()
    page.wait_for_selector("#analysis input[value='Die past its stroke count']")
    assert page.url == url

    page.get_by_role("link", name="Plan an action").click()
    page.get_by_label("Description").fill("Replace the die and add it to the stroke counter")
    manager = get_user_model().objects.get(email="manager@acme.example")
    page.get_by_label("Owner").select_option(str(manager.pk))
    page.get_by_label("Due on").fill(timezone.localdate().isoformat())
    page.get_by_label("Status").select_option("done")
    page.get_by_label("Evidence").fill("Work order 5512")
    page.get_by_role("button", name="Save the action").click()
    page.wait_for_url(url)
    _step(page, "Action is needed")
    _step(page, "Start the actions")

    # Verified months ago: the effectiveness check is due now.
    with org_scope(organization):
        action = CorrectiveAction.objects.get()
    ca_services.ca_transition(
        organization=organization,
        actor=manager,
        corrective_action=action,
        action="verify",
        note="Work order closed and signed",
        criterion="No burrs in the next three lots",
        at=timezone.now() - timedelta(days=120),
    )

    # The owner may not record the check; another manager (the admin) does, and signs.
    page.goto(url)
    page.get_by_role("button", name="Effective", exact=True).click()
    page.get_by_label("Note").fill("Three lots since, no burrs.")
    page.get_by_role("button", name="Save the step").click()
    page.get_by_text("made by someone other than the corrective action's owner").wait_for()
    other = new_page()
    sign_in(other, "admin@acme.example")
    other.wait_for_url(re.compile("/o/acme/$"))
    other.goto(url)
    other.get_by_role("button", name="Effective", exact=True).click()
    other.get_by_label("Note").fill("Three lots since, no burrs.")
    other.get_by_role("button", name="Save the step").click()
    other.wait_for_url(url)
    other.get_by_role("button", name="Close (signed)", exact=True).click()
    other.get_by_label("Your password").fill(DEMO_PASSWORD)
    other.get_by_role("button", name="Save the step").click()
    other.wait_for_url(url)
    assert "Signed by" in other.content()
    with org_scope(organization):
        action.refresh_from_db()
    assert action.state == "closed"
    assert action.closure_signature.signer_id != action.owner_id


def test_no_corrective_action_page_is_wider_than_the_window(page):
    demo_seeded()
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        editable = CorrectiveAction.objects.filter(state="analysis").order_by("id").first()
        closed = CorrectiveAction.objects.get(state="closed")
        nc = closed.nonconformity or Nonconformity.objects.order_by("id").first()
    sign_in(page, "admin@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    paths = [
        "/o/acme/nonconformities/",
        "/o/acme/corrective-actions/",
        f"/o/acme/corrective-actions/{editable.pk}/",
        f"/o/acme/corrective-actions/{closed.pk}/",
        f"/o/acme/nonconformities/{nc.pk}/",
        f"/o/acme/corrective-actions/{editable.pk}/transition/?action=start_actions",
    ]
    wider = overflow(page, paths)
    assert wider == {}, sorted(wider.items())
