"""The pages of a nonconformity, a corrective action, an 8D and a complaint, and the parts
they read on their own, stay within the page budget whatever their records."""

from datetime import date

import pytest

from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from corrective_actions.services import root_cause
from feedback.services import complaints as complaint_services

from .helpers import make_ca, make_nc
from .scar_helpers import answer, issue, review


@pytest.fixture
def complaint(org, manager):
    return complaint_services.complaint_create(
        organization=org,
        actor=manager.user,
        data={"subject": "Cracked", "description": "d", "complainant_name": "Pat"},
    )


def _history(org, label, pk):
    return f"/o/{org.slug}/audit/records/{label}/{pk}/panel/"


def test_a_corrective_action_s_page(org, manager, admin, complaint, client_for, assert_few_queries):
    nc = make_nc(org, manager.user, complaint=complaint, source="customer_complaint")
    ca = make_ca(org, manager.user, nonconformity=nc, complaint=complaint, source="nonconformity")
    grown = iter(range(1000))

    def grow():
        for _ in range(3):
            n = next(grown)
            root_cause.why_add(
                organization=org, actor=manager.user, analysis=ca.analysis, why=f"Why {n}?",
                because=f"Because {n}",
            )  # fmt: skip
            root_cause.cause_add(
                organization=org, actor=manager.user, analysis=ca.analysis, category="machine",
                cause=f"Cause {n}",
            )  # fmt: skip
            ca_services.step_add(
                organization=org,
                actor=manager.user,
                corrective_action=ca,
                data={"description": f"Step {n}", "owner": admin.user, "due_on": date(2026, 3, 1)},
            )
            ca_services.ca_update(
                organization=org,
                actor=admin.user,
                corrective_action=ca,
                data={"owner": admin.user if n % 2 else manager.user, "containment": f"{n}"},
                reason="Handover",
            )

    client = client_for(manager)
    url = f"/o/{org.slug}/corrective-actions/{ca.pk}/"
    assert_few_queries(client, url, grow=grow)
    assert_few_queries(client, f"{url}trail/", grow=grow)
    label = "corrective_actions.correctiveaction"
    assert_few_queries(client, _history(org, label, ca.pk), grow=grow)


def test_a_nonconformity_s_page(org, manager, admin, complaint, client_for, assert_few_queries):
    nc = make_nc(org, manager.user, complaint=complaint, source="customer_complaint")
    grown = iter(range(1000))

    def grow():
        for _ in range(3):
            n = next(grown)
            make_ca(org, manager.user, nonconformity=nc, source="nonconformity", title=f"CA {n}")
            nc_services.nonconformity_update(
                organization=org,
                actor=admin.user,
                nonconformity=nc,
                data={"description": f"Found again {n}"},
                reason="More found",
            )

    client = client_for(manager)
    url = f"/o/{org.slug}/nonconformities/{nc.pk}/"
    assert_few_queries(client, url, grow=grow)
    assert_few_queries(client, f"{url}trail/", grow=grow)
    label = "corrective_actions.nonconformity"
    assert_few_queries(client, _history(org, label, nc.pk), grow=grow)


def test_an_8d_s_page(org, manager, supplier_member, client_for, assert_few_queries):
    scar = issue(org, manager.user, supplier_member.supplier, internal_note="Our margin")
    done = iter(range(1, 9))

    def grow():
        for _ in range(2):
            discipline = next(done)
            answer(org, supplier_member.user, scar, discipline)
            review(org, manager.user, scar, discipline)

    client = client_for(manager)
    url = f"/o/{org.slug}/supplier-8d/{scar.pk}/"
    assert_few_queries(client, url, grow=grow)
    assert_few_queries(client, f"{url}trail/", grow=grow)
    label = "corrective_actions.suppliercorrectiveaction"
    assert_few_queries(client, _history(org, label, scar.pk), grow=grow)


def test_a_complaint_s_page(org, manager, admin, complaint, client_for, assert_few_queries):
    grown = iter(range(1000))
    actions = iter(["acknowledge", "investigate", "resolve", "close"])

    def grow():
        n = next(grown)
        make_nc(org, manager.user, complaint=complaint, source="customer_complaint")
        complaint_services.complaint_update(
            organization=org,
            actor=admin.user,
            complaint=complaint,
            data={"description": f"More {n}"},
            reason="Told more",
        )
        complaint_services.complaint_transition(
            organization=org, actor=manager.user, complaint=complaint, action=next(actions)
        )

    client = client_for(manager)
    url = f"/o/{org.slug}/complaints/{complaint.pk}/"
    assert_few_queries(client, url, grow=grow)
    assert_few_queries(client, _history(org, "feedback.complaint", complaint.pk), grow=grow)


def test_a_corrective_action_s_form_offers_parties_and_suppliers_from_one_query(
    org, manager, admin, complaint, make_supplier, client_for, assert_few_queries
):
    supplier = make_supplier(org, name="Anvil Works")
    nc = make_nc(org, manager.user, complaint=complaint, source="customer_complaint")
    ca = make_ca(org, manager.user, nonconformity=nc, complaint=complaint, source="nonconformity")
    ca_services.ca_update(
        organization=org,
        actor=manager.user,
        corrective_action=ca,
        data={"supplier": supplier, "party": supplier.party},
        reason="Found the source",
    )
    grown = iter(range(1000))

    def grow():
        for _ in range(4):
            make_supplier(org, name=f"Supplier {next(grown)}")
            make_nc(org, manager.user, complaint=complaint, source="customer_complaint")

    client = client_for(manager)
    url = f"/o/{org.slug}/corrective-actions/{ca.pk}/edit/"
    assert_few_queries(client, url, grow=grow)
    html = client.get(url).content.decode()
    assert f'<option value="{supplier.pk}" selected>Anvil Works ({supplier.code})</option>' in html
    assert f'<option value="{supplier.party_id}" selected>Anvil Works</option>' in html
    assert "Supplier 3 (" in html
