"""Contacts of a party: the services' rules, consent, the pages and the API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parties.models import Contact
from parties.services import contacts as services
from parties.services import register
from relmgmt.core.scoping import org_scope


def make_party(organization, actor, name="Volta Motors"):
    return register.party_create(
        organization=organization, actor=actor, data={"name": name, "types": ["customer"]}
    )


def make_contact(organization, actor, party, **data):
    return services.contact_create(
        organization=organization,
        actor=actor,
        party=party,
        data={"name": "Ada Lovelace", "email": "ada@volta.test", **data},
    )


@pytest.fixture
def party(org, manager):
    return make_party(org, manager.user)


@pytest.fixture
def contact(org, manager, party):
    return make_contact(org, manager.user, party)


def count_contacts(organization):
    with org_scope(organization):
        return Contact.objects.count()


def test_a_contact_is_recorded_with_tidy_fields(org, manager, party):
    contact = make_contact(org, manager.user, party, name="  Ada   Lovelace ", phone=" +44  1 ")
    assert (contact.name, contact.phone, contact.party_id) == ("Ada Lovelace", "+44 1", party.pk)
    assert not contact.has_consent


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "  "}, "name"),
        ({"email": "not an email"}, "email"),
        ({"preferred_channel": "x"}, "preferred_channel"),
    ],
)
def test_bad_contact_input_names_the_field_and_saves_nothing(org, manager, party, data, field):
    with pytest.raises(ValidationError) as error:
        make_contact(org, manager.user, party, **data)
    assert field in error.value.message_dict
    assert count_contacts(org) == 0


def test_a_contact_cannot_be_added_to_another_organisations_party(
    org, other_org, manager, outsider
):
    foreign = make_party(other_org, outsider.user, name="Foreign")
    with pytest.raises(ValidationError):
        make_contact(org, manager.user, foreign)
    assert count_contacts(other_org) == 0


def test_consent_is_given_withdrawn_and_given_again(org, manager, contact):
    given_at = timezone.now() - timedelta(days=3)
    contact = services.consent_record(
        organization=org, actor=manager.user, contact=contact, given_at=given_at, method="Form"
    )
    assert contact.has_consent and contact.consent_given_at == given_at
    contact = services.consent_withdraw(organization=org, actor=manager.user, contact=contact)
    assert not contact.has_consent and contact.consent_withdrawn_at is not None
    contact = services.consent_record(
        organization=org, actor=manager.user, contact=contact, given_at=None, method="Call"
    )
    assert contact.has_consent and contact.consent_withdrawn_at is None


def test_consent_rules(org, manager, contact):
    with pytest.raises(ValidationError) as error:
        services.consent_withdraw(organization=org, actor=manager.user, contact=contact)
    assert "withdrawn_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            organization=org, actor=manager.user, contact=contact, given_at=None, method=" "
        )
    assert "method" in error.value.message_dict
    future = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            organization=org, actor=manager.user, contact=contact, given_at=future, method="Form"
        )
    assert "given_at" in error.value.message_dict
    services.consent_record(
        organization=org, actor=manager.user, contact=contact, given_at=None, method="Form"
    )
    with pytest.raises(ValidationError):
        services.consent_withdraw(
            organization=org,
            actor=manager.user,
            contact=contact,
            withdrawn_at=timezone.now() - timedelta(days=9),
        )


def test_the_contact_page_shows_whether_the_person_may_be_contacted(
    org, manager, auditor, contact, client_for
):
    url = f"/o/{org.slug}/contacts/{contact.pk}/"
    page = client_for(auditor).get(url)
    assert b"No consent recorded" in page.content
    assert b"Record consent" not in page.content  # auditors read only
    assert b"export" in page.content and b"Erase" not in page.content
    client = client_for(manager)
    response = client.post(
        f"{url}consent/", {"given_at": "2026-01-10T09:30", "method": "Signed form at the fair"}
    )
    assert response.status_code == 302
    page = client.get(url)
    assert b"May be contacted" in page.content and b"Signed form at the fair" in page.content
    response = client.post(f"{url}consent/withdraw/", {"withdrawn_at": ""})
    assert response.status_code == 302
    assert b"Consent withdrawn" in client.get(url).content


def test_the_consent_form_shows_errors_beside_the_field(org, manager, contact, client_for):
    page = client_for(manager).post(
        f"/o/{org.slug}/contacts/{contact.pk}/consent/",
        {"given_at": "2099-01-01T10:00", "method": "x"},
    )
    assert page.status_code == 200
    assert b"cannot be given in the future" in page.content


def test_adding_and_changing_a_contact_through_the_pages(org, manager, party, client_for):
    client = client_for(manager)
    page = client.post(f"/o/{org.slug}/parties/{party.pk}/contacts/new/", {"name": ""})
    assert page.status_code == 200 and b"This field is required" in page.content
    response = client.post(
        f"/o/{org.slug}/parties/{party.pk}/contacts/new/",
        {"name": "Grace Hopper", "email": "grace@volta.test", "preferred_channel": "phone"},
    )
    assert response.status_code == 302
    with org_scope(org):
        contact = Contact.objects.get()
    response = client.post(
        f"/o/{org.slug}/contacts/{contact.pk}/edit/",
        {"name": "Grace B. Hopper", "preferred_channel": "email", "reason": "Full name"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.name == "Grace B. Hopper" and contact.email == ""
    party_page = client.get(f"/o/{org.slug}/parties/{party.pk}/")
    assert b"Grace B. Hopper" in party_page.content and b"No consent recorded" in party_page.content


def test_the_contact_filter(org, manager, party, auditor, client_for):
    other = make_party(org, manager.user, name="Fabrikam Steel")
    with_consent = make_contact(org, manager.user, party, name="Ada")
    services.consent_record(
        organization=org, actor=manager.user, contact=with_consent, given_at=None, method="Form"
    )
    make_contact(org, manager.user, other, name="Grace", email="grace@fabrikam.test")
    client = client_for(auditor)
    page = client.get(f"/o/{org.slug}/contacts/", {"consent": "given"})
    assert b"Ada" in page.content and b"Grace" not in page.content
    page = client.get(f"/o/{org.slug}/contacts/", {"q": "fabrikam"})
    assert b"Grace" in page.content and b"Ada<" not in page.content
    page = client.get(f"/o/{org.slug}/contacts/", {"party": other.pk, "consent": "given"})
    assert b"No contact matches" in page.content


def test_list_contact_and_party_pages_use_a_constant_number_of_queries(
    org, manager, auditor, party, client_for, assert_constant_queries
):
    contact = make_contact(org, manager.user, party)

    def grow():
        for number in range(5):
            make_contact(org, manager.user, party, name=f"Person {number}")

    client = client_for(auditor)
    assert_constant_queries(client, f"/o/{org.slug}/contacts/", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/contacts/{contact.pk}/", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/parties/{party.pk}/", grow=grow)


# --- API ------------------------------------------------------------------------------


def test_api_round_trip_of_a_contact_and_its_consent(org, manager, party, api_client_for):
    client = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/contacts/"
    created = client.post(
        base, {"party": party.pk, "name": "Ada", "email": "ada@volta.test"}, format="json"
    )
    assert created.status_code == 201, created.json()
    contact_id = created.json()["id"]
    assert created.json()["may_be_contacted"] is False
    changed = client.patch(f"{base}{contact_id}/", {"job_title": "Buyer"}, format="json")
    assert changed.status_code == 200 and changed.json()["job_title"] == "Buyer"
    consented = client.post(
        f"{base}{contact_id}/consent/", {"method": "Email of 3 May"}, format="json"
    )
    assert consented.status_code == 200 and consented.json()["may_be_contacted"] is True
    withdrawn = client.post(f"{base}{contact_id}/withdraw-consent/", {}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["may_be_contacted"] is False
    listed = client.get(base, {"consent": "withdrawn", "party": party.pk})
    assert [row["id"] for row in listed.json()["results"]] == [contact_id]


def test_api_refuses_a_contact_without_a_name_or_of_another_organisations_party(
    org, other_org, manager, outsider, party, api_client_for
):
    client = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/contacts/"
    nameless = client.post(base, {"party": party.pk, "name": " "}, format="json")
    assert nameless.status_code == 400 and "name" in nameless.json()["error"]["fields"]
    foreign = make_party(other_org, outsider.user, name="Foreign")
    response = client.post(base, {"party": foreign.pk, "name": "Ada"}, format="json")
    assert response.status_code == 400 and "party" in response.json()["error"]["fields"]
    assert count_contacts(org) == 0 and count_contacts(other_org) == 0
