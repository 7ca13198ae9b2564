"""The API: tokens, the organisation in every path, one error shape, the schema."""

import pytest
from django.core.management import CommandError, call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from relmgmt.api.models import ApiToken
from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership


def test_the_schema_is_valid_openapi_3(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert "/api/v1/o/{org_slug}/memberships/" in schema["paths"]


def test_the_docs_page_loads_without_inline_script(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    assert b"<script>" not in response.content


def test_a_token_reads_its_organisation(manager, api_client_for):
    response = api_client_for(manager).get(f"/api/v1/o/{manager.organization.slug}/")
    assert response.status_code == 200
    assert response.json()["slug"] == manager.organization.slug


def test_tokens_are_stored_hashed_and_revocable(manager, api_client_for):
    client = api_client_for(manager)
    with org_scope(manager.organization):
        token = ApiToken.objects.get()
    key = client._credentials["HTTP_AUTHORIZATION"].split()[1]
    assert key not in (token.key_hash, token.prefix) and len(token.key_hash) == 64
    token.revoked_at = token.created_at
    with org_scope(manager.organization):
        token.save()
    response = client.get(f"/api/v1/o/{manager.organization.slug}/")
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "authentication_failed", "message": "Invalid or revoked token."}
    }


def test_the_token_of_an_ended_membership_stops_working(auditor, api_client_for):
    client = api_client_for(auditor)
    with org_scope(auditor.organization):
        Membership.objects.filter(pk=auditor.pk).update(expires_at=auditor.created_at)
    assert client.get(f"/api/v1/o/{auditor.organization.slug}/").status_code == 401


def test_an_auditor_reads_the_audit_trail_filtered(auditor, manager, api_client_for):
    client = api_client_for(auditor)
    response = client.get(
        f"/api/v1/o/{auditor.organization.slug}/audit-events/",
        {"model_label": "tenancy.membership", "action": "create"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] >= 2
    assert {row["model_label"] for row in body["results"]} == {"tenancy.membership"}


def test_bad_filter_input_is_a_400_naming_the_field(auditor, api_client_for):
    response = api_client_for(auditor).get(
        f"/api/v1/o/{auditor.organization.slug}/audit-events/", {"occurred_from": "yesterday"}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "occurred_from" in error["fields"]


def test_an_admin_changes_a_role_through_the_api_and_it_is_recorded(admin, manager, api_client_for):
    client = api_client_for(admin)
    url = f"/api/v1/o/{admin.organization.slug}/memberships/{manager.pk}/"
    response = client.patch(url, {"role": "auditor", "reason": "Moved to audit"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["role"] == "auditor"
    with org_scope(admin.organization):
        event = AuditEvent.objects.get(model_label="tenancy.membership", action="update")
    assert event.source == "api" and event.actor_id == admin.user.pk
    assert event.reason == "Moved to audit"


def test_bad_input_to_the_api_is_a_400_and_changes_nothing(admin, manager, api_client_for):
    client = api_client_for(admin)
    url = f"/api/v1/o/{admin.organization.slug}/memberships/"
    response = client.patch(f"{url}{manager.pk}/", {"role": "emperor"}, format="json")
    assert response.status_code == 400
    assert "role" in response.json()["error"]["fields"]
    response = client.patch(f"{url}{admin.pk}/", {"role": "manager"}, format="json")
    assert response.status_code == 400
    assert "at least one admin" in str(response.json()["error"]["fields"])
    response = client.patch(f"{url}{manager.pk}/", {"role": "supplier"}, format="json")
    assert response.status_code == 400 and "supplier" in response.json()["error"]["fields"]
    with org_scope(admin.organization):
        assert Membership.objects.get(pk=manager.pk).role == Role.MANAGER


def test_a_supplier_from_another_organisation_cannot_be_linked(
    admin, manager, other_org, make_supplier, api_client_for
):
    foreign = make_supplier(other_org)
    response = api_client_for(admin).patch(
        f"/api/v1/o/{admin.organization.slug}/memberships/{manager.pk}/",
        {"role": "supplier", "supplier": foreign.pk},
        format="json",
    )
    assert response.status_code == 404


def test_removing_a_member_through_the_api(admin, manager, api_client_for):
    response = api_client_for(admin).delete(
        f"/api/v1/o/{admin.organization.slug}/memberships/{manager.pk}/"
    )
    assert response.status_code == 204
    with org_scope(admin.organization):
        assert not Membership.objects.filter(pk=manager.pk).exists()


def test_session_authentication_works_for_members(manager, client_for):
    client = client_for(manager)
    response = client.get(f"/api/v1/o/{manager.organization.slug}/")
    assert response.status_code == 200


def test_lists_are_paginated(auditor, api_client_for, make_member):
    for _ in range(3):
        make_member(auditor.organization, Role.MANAGER)
    response = api_client_for(auditor).get(
        f"/api/v1/o/{auditor.organization.slug}/audit-events/", {"page_size": 2}
    )
    body = response.json()
    assert len(body["results"]) == 2 and body["next"]


def test_create_api_token_command_prints_a_working_token(manager, capsys):
    call_command("create_api_token", "--org", "acme", "--email", manager.user.email)
    key = capsys.readouterr().out.strip()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/o/acme/").status_code == 200


def test_create_api_token_command_refuses_non_members(manager, other_org):
    with pytest.raises(CommandError, match="not a current member"):
        call_command("create_api_token", "--org", other_org.slug, "--email", manager.user.email)
    with pytest.raises(CommandError, match="No organisation"):
        call_command("create_api_token", "--org", "nope", "--email", manager.user.email)


def test_members_create_and_revoke_their_own_tokens_in_the_ui(manager, admin, client_for):
    client = client_for(manager)
    url = f"/o/{manager.organization.slug}/tokens/"
    page = client.post(url, {"name": "ERP import"})
    assert page.status_code == 200 and b"rm_" in page.content
    assert b'name="membership"' not in page.content, "only admins choose the member"
    with org_scope(manager.organization):
        token = ApiToken.objects.get(name="ERP import")
    assert token.membership_id == manager.pk
    response = client.post(f"{url}{token.pk}/revoke/")
    assert response.status_code == 302
    with org_scope(manager.organization):
        token.refresh_from_db()
    assert token.revoked_at is not None


def test_admins_create_tokens_for_any_member(admin, auditor, client_for):
    client = client_for(admin)
    url = f"/o/{admin.organization.slug}/tokens/"
    response = client.post(url, {"name": "Evidence export", "membership": auditor.pk})
    assert response.status_code == 200
    with org_scope(admin.organization):
        assert ApiToken.objects.get(name="Evidence export").membership_id == auditor.pk


def test_a_member_cannot_revoke_someone_elses_token(manager, admin, api_client_for, client_for):
    api_client_for(admin)
    with org_scope(admin.organization):
        token = ApiToken.objects.get()
    response = client_for(manager).post(f"/o/{admin.organization.slug}/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
