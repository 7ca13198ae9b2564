"""GDPR: one contact's personal data exported as JSON, and erased on request from the
record and from its history, while the audit trail still verifies."""

import json
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from parties.models import Contact
from parties.services import contacts as services
from parties.services import interactions as interaction_services
from parties.services import register
from relmgmt.audit import db_guard
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_all
from relmgmt.core.scoping import org_scope, scopes_disabled

PERSONAL = {
    "name": "Zelda Quixote-Marlowe",
    "job_title": "Head of Zymurgy",
    "email": "zelda.qm@volta.test",
    "phone": "+44 7700 900123",
}
SECRETS = [*PERSONAL.values(), "+44 7700 900999", "Zelda Q. Marlowe", "Signed at Zymurgy fair"]


@pytest.fixture
def party(org, manager):
    return register.party_create(
        organization=org, actor=manager.user, data={"name": "Volta Motors", "types": ["customer"]}
    )


@pytest.fixture
def contact(org, manager, party):
    """A contact with a history: created, changed twice, consent given, in an interaction."""
    contact = services.contact_create(
        organization=org, actor=manager.user, party=party, data=dict(PERSONAL)
    )
    services.contact_update(
        organization=org, actor=manager.user, contact=contact, data={"phone": "+44 7700 900999"}
    )
    services.contact_update(
        organization=org,
        actor=manager.user,
        contact=contact,
        data={"name": "Zelda Q. Marlowe", "phone": PERSONAL["phone"]},
    )
    contact = services.consent_record(
        organization=org,
        actor=manager.user,
        contact=contact,
        given_at=None,
        method="Signed at Zymurgy fair",
    )
    interaction_services.interaction_create(
        organization=org,
        actor=manager.user,
        party=party,
        data={"occurred_on": date(2026, 3, 2), "summary": "Plant tour", "contacts": [contact]},
    )
    return contact


def every_row_as_text() -> str:
    """Every row of every table, as text: where a trace of the person would show."""
    with scopes_disabled():
        return json.dumps(
            [list(model._base_manager.values()) for model in apps.get_models()], default=str
        )


def contact_events(organization, contact):
    with org_scope(organization):
        return list(
            AuditEvent.objects.filter(
                model_label="parties.contact", object_id=str(contact.pk)
            ).order_by("seq")
        )


def test_the_export_is_a_download_of_the_contacts_data(org, auditor, contact, client_for):
    response = client_for(auditor).get(f"/o/{org.slug}/contacts/{contact.pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="contact-{contact.pk}.json"'
    data = json.loads(response.content)
    assert data["contact"]["email"] == PERSONAL["email"]
    assert data["contact"]["party"] == "Volta Motors"
    assert data["consent"]["may_be_contacted"] is True
    assert data["consent"]["method"] == "Signed at Zymurgy fair"
    assert [row["summary"] for row in data["interactions"]] == ["Plant tour"]


def test_the_export_through_the_api(org, auditor, supplier_member, contact, api_client_for):
    url = f"/api/v1/o/{org.slug}/contacts/{contact.pk}/export/"
    response = api_client_for(auditor).get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response.json()["contact"]["phone"] == PERSONAL["phone"]
    assert api_client_for(supplier_member).get(url).status_code == 403


def test_erasure_leaves_no_trace_and_the_trail_still_verifies(
    org, admin, manager, contact, client_for
):
    assert all(secret in every_row_as_text() for secret in SECRETS)
    erased = services.contact_erase(
        organization=org, actor=admin.user, contact=contact, reason="Request by email of 3 May"
    )
    assert erased.name == services.ERASED_NAME and erased.erased_at is not None
    assert (erased.email, erased.phone, erased.job_title, erased.consent_method) == ("", "", "", "")

    text = every_row_as_text()
    assert not [secret for secret in SECRETS if secret in text]
    call_command("verify_audit_trail")
    assert verify_all()[1] == []

    *history, redaction = contact_events(org, contact)
    assert redaction.action == "redact" and redaction.actor_id == admin.user.pk
    assert redaction.reason == "Request by email of 3 May"
    assert set(redaction.changes) == set(Contact.PERSONAL_FIELDS)
    assert history[-1].changes["erased_at"][1] is not None  # the erasure itself, recorded
    assert history[-1].reason == "Request by email of 3 May"

    page = client_for(manager).get(f"/o/{org.slug}/contacts/{contact.pk}/")
    assert b"[redacted]" in page.content and b"were redacted from this record" in page.content
    assert b"Erased contact" in page.content and b"Erase this contact" not in page.content
    history_page = client_for(manager).get(
        f"/o/{org.slug}/audit/records/parties.contact/{contact.pk}/", {"as_of": "2099-01-01"}
    )
    assert history_page.status_code == 200 and b"[redacted]" in history_page.content


def test_a_direct_tamper_after_erasure_still_fails_verification(org, admin, contact):
    services.contact_erase(organization=org, actor=admin.user, contact=contact, reason="Request")
    created = contact_events(org, contact)[0]
    db_guard.run(connection, "suspend")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
                [json.dumps(dict(created.changes, name=[None, "Someone else"])), created.pk],
            )
    finally:
        db_guard.run(connection, "resume")
    _checked, faults = verify_all()
    assert faults and faults[0].event_id == created.pk


def test_erasure_needs_a_reason_and_happens_once(org, admin, contact):
    with pytest.raises(ValidationError) as error:
        services.contact_erase(organization=org, actor=admin.user, contact=contact, reason=" ")
    assert "reason" in error.value.message_dict
    contact.refresh_from_db()
    assert contact.erased_at is None and contact.email == PERSONAL["email"]
    services.contact_erase(organization=org, actor=admin.user, contact=contact, reason="Request")
    with pytest.raises(ValidationError):
        services.contact_erase(organization=org, actor=admin.user, contact=contact, reason="Again")
    with pytest.raises(ValidationError):
        services.contact_update(
            organization=org, actor=admin.user, contact=contact, data={"name": "Back again"}
        )


def test_erasure_through_the_page_asks_for_confirmation_and_a_reason(
    org, manager, contact, client_for
):
    client = client_for(manager)
    url = f"/o/{org.slug}/contacts/{contact.pk}/erase/"
    assert b"cannot be undone" in client.get(url).content
    page = client.post(url, {"reason": "Request"})
    assert page.status_code == 200 and b"This field is required" in page.content
    contact.refresh_from_db()
    assert contact.erased_at is None
    response = client.post(url, {"reason": "Request of 3 May", "confirm": "on"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.erased_at is not None and contact.email == ""


def test_auditors_cannot_erase_and_another_organisation_cannot_see(
    org, auditor, outsider, contact, client_for, api_client_for
):
    url = f"/o/{org.slug}/contacts/{contact.pk}/erase/"
    assert client_for(auditor).post(url, {"reason": "x", "confirm": "on"}).status_code == 403
    api = f"/api/v1/o/{outsider.organization.slug}/contacts/{contact.pk}/erase/"
    assert api_client_for(outsider).post(api, {"reason": "x"}, format="json").status_code == 404
    contact.refresh_from_db()
    assert contact.erased_at is None


def test_erasure_through_the_api(org, manager, contact, api_client_for):
    client = api_client_for(manager)
    url = f"/api/v1/o/{org.slug}/contacts/{contact.pk}/erase/"
    missing = client.post(url, {}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["error"]["fields"]
    response = client.post(url, {"reason": "Request of 3 May"}, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == services.ERASED_NAME and response.json()["erased_at"]
    assert PERSONAL["email"] not in every_row_as_text()
