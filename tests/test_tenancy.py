"""Organisations and members: invitations, roles, the last admin, time-limited access."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy import services
from relmgmt.tenancy.models import Invitation, Membership

from .conftest import PASSWORD


def invitation_link(message) -> str:
    return re.search(r"http://testserver(/invitations/\S+/)", message.body).group(1)


def test_an_admin_invites_and_the_invitee_creates_an_account_and_joins(
    admin, client_for, django_capture_on_commit_callbacks
):
    organization = admin.organization
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{organization.slug}/members/invite/",
            {"email": "New.Person@Example.test", "role": Role.MANAGER},
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["new.person@example.test"]
    assert organization.name in message.subject and organization.name in message.from_email
    link = invitation_link(message)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and b"Create your account" in page.content
    response = client.post(
        link,
        {"full_name": "New Person", "password": PASSWORD, "password_again": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == f"/o/{organization.slug}/"
    assert client.get(response["Location"]).status_code == 200
    with org_scope(organization):
        membership = Membership.objects.get(user__email="new.person@example.test")
        assert membership.role == Role.MANAGER
        assert AuditEvent.objects.filter(model_label="tenancy.membership", action="create").exists()
    assert client.get(link).status_code == 404, "the link works once"


def test_an_existing_user_accepts_after_signing_in(admin, other_org, make_member, client_for):
    elsewhere = make_member(other_org, Role.MANAGER)
    _invitation, token = services.invitation_create(
        organization=admin.organization,
        actor=admin.user,
        email=elsewhere.user.email,
        role=Role.AUDITOR,
    )
    client = client_for(elsewhere)
    response = client.post(f"/invitations/{token}/")
    assert response.status_code == 302
    assert client.get(f"/o/{admin.organization.slug}/").status_code == 200


def test_an_invitation_for_someone_else_is_refused(admin, manager, client_for):
    _invitation, token = services.invitation_create(
        organization=admin.organization,
        actor=admin.user,
        email="someone@example.test",
        role=Role.AUDITOR,
    )
    response = client_for(manager).post(f"/invitations/{token}/", follow=True)
    assert b"This invitation is for someone@example.test" in response.content
    with org_scope(admin.organization):
        assert not Invitation.objects.get().accepted_at


def test_expired_revoked_and_unknown_links_are_not_valid(admin, client):
    organization = admin.organization
    expired, expired_token = services.invitation_create(
        organization=organization, actor=admin.user, email="late@example.test", role=Role.MANAGER
    )
    with org_scope(organization):
        Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(1))
    revoked, revoked_token = services.invitation_create(
        organization=organization, actor=admin.user, email="gone@example.test", role=Role.MANAGER
    )
    services.invitation_revoke(organization=organization, actor=admin.user, invitation=revoked)
    for token in (expired_token, revoked_token, "made-up"):
        response = client.get(f"/invitations/{token}/")
        assert response.status_code == 404
        assert b"not valid any more" in response.content


def test_inviting_a_member_again_is_refused_beside_the_field(admin, manager, client_for):
    response = client_for(admin).post(
        f"/o/{admin.organization.slug}/members/invite/",
        {"email": manager.user.email, "role": Role.AUDITOR},
    )
    assert response.status_code == 200
    assert b"is already a member" in response.content
    assert b'aria-invalid="true"' in response.content


def test_bad_invitation_input_names_the_field_and_changes_nothing(admin, client_for):
    before = AuditEvent.objects.with_scopes_disabled().count()
    response = client_for(admin).post(
        f"/o/{admin.organization.slug}/members/invite/", {"email": "not-an-email", "role": "boss"}
    )
    assert response.status_code == 200
    assert b"Enter a valid email address" in response.content
    assert b"Select a valid choice" in response.content
    assert AuditEvent.objects.with_scopes_disabled().count() == before


def test_a_supplier_invitation_needs_a_supplier_of_this_organisation(
    admin, other_org, make_supplier
):
    with pytest.raises(ValidationError):
        services.invitation_create(
            organization=admin.organization,
            actor=admin.user,
            email="s@example.test",
            role=Role.SUPPLIER,
        )
    foreign = make_supplier(other_org)
    with pytest.raises(ValidationError):
        services.invitation_create(
            organization=admin.organization,
            actor=admin.user,
            email="s@example.test",
            role=Role.SUPPLIER,
            supplier=foreign,
        )


def test_the_supplier_choice_lists_only_this_organisations_suppliers(
    admin, other_org, make_supplier, client_for
):
    mine = make_supplier(admin.organization, name="Our supplier")
    make_supplier(other_org, name="Their supplier")
    page = client_for(admin).get(f"/o/{admin.organization.slug}/members/invite/")
    assert mine.name.encode() in page.content
    assert b"Their supplier" not in page.content


def test_the_last_admin_can_be_neither_demoted_nor_removed(admin):
    organization = admin.organization
    with pytest.raises(ValidationError, match="at least one admin"):
        services.membership_update(
            organization=organization, actor=admin.user, membership=admin, role=Role.MANAGER
        )
    with pytest.raises(ValidationError, match="at least one admin"):
        services.membership_remove(organization=organization, actor=admin.user, membership=admin)


def test_with_a_second_admin_one_may_step_down(admin, make_member):
    make_member(admin.organization, Role.ADMIN)
    services.membership_update(
        organization=admin.organization,
        actor=admin.user,
        membership=admin,
        role=Role.MANAGER,
        reason="Hand-over",
    )
    with org_scope(admin.organization):
        event = AuditEvent.objects.filter(model_label="tenancy.membership", action="update").get()
    assert event.changes["role"] == ["admin", "manager"] and event.reason == "Hand-over"


def test_removing_a_member_from_the_page(admin, manager, client_for):
    client = client_for(admin)
    url = f"/o/{admin.organization.slug}/members/{manager.pk}/remove/"
    response = client.post(url, {"reason": "Left the company"})
    assert response.status_code == 302
    with org_scope(admin.organization):
        assert not Membership.objects.filter(pk=manager.pk).exists()
        event = AuditEvent.objects.get(model_label="tenancy.membership", action="delete")
    assert event.reason == "Left the company"


def test_a_time_limited_membership_ends_by_itself(admin, auditor, client_for):
    organization = admin.organization
    client = client_for(admin)
    week_end = (timezone.now() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"/o/{organization.slug}/members/{auditor.pk}/",
        {"role": Role.AUDITOR, "expires_at": week_end, "reason": "Certification audit"},
    )
    assert response.status_code == 302
    auditor_client = client_for(auditor)
    assert auditor_client.get(f"/o/{organization.slug}/").status_code == 200
    with org_scope(organization):
        Membership.objects.filter(pk=auditor.pk).update(expires_at=timezone.now())
    assert auditor_client.get(f"/o/{organization.slug}/").status_code == 404


def test_an_end_date_in_the_past_is_refused(admin, auditor):
    with pytest.raises(ValidationError):
        services.membership_update(
            organization=admin.organization,
            actor=admin.user,
            membership=auditor,
            role=Role.AUDITOR,
            expires_at=timezone.now() - timedelta(hours=1),
        )


def test_settings_changes_are_recorded_and_shown_in_the_history_panel(admin, client_for):
    organization = admin.organization
    client = client_for(admin)
    response = client.post(
        f"/o/{organization.slug}/settings/",
        {"name": "Acme Group", "timezone": "Europe/Paris", "require_mfa": ""},
    )
    assert response.status_code == 302
    page = client.get(f"/o/{organization.slug}/settings/")
    assert b"History" in page.content and b"Acme Group" in page.content
    assert b"Europe/Paris" in page.content


def test_an_unknown_time_zone_is_refused(admin, client_for):
    response = client_for(admin).post(
        f"/o/{admin.organization.slug}/settings/", {"name": "Acme", "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 200 and b"Select a valid choice" in response.content


def test_the_members_page_uses_a_constant_number_of_queries(
    admin, make_member, client_for, assert_constant_queries
):
    assert_constant_queries(
        client_for(admin),
        f"/o/{admin.organization.slug}/members/",
        grow=lambda: [make_member(admin.organization, Role.MANAGER) for _ in range(15)],
    )


def test_the_members_page_and_the_api_share_one_filter(admin, manager, auditor, client_for):
    client = client_for(admin)
    page = client.get(f"/o/{admin.organization.slug}/members/", {"role": Role.AUDITOR})
    assert auditor.user.email.encode() in page.content
    assert manager.user.email.encode() not in page.content
    fragment = client.get(
        f"/o/{admin.organization.slug}/members/",
        {"q": manager.user.email[:8]},
        HTTP_HX_REQUEST="true",
    )
    assert manager.user.email.encode() in fragment.content and b"<html" not in fragment.content
    api = client.get(f"/api/v1/o/{admin.organization.slug}/memberships/", {"role": "auditor"})
    assert [row["email"] for row in api.json()["results"]] == [auditor.user.email]


def test_an_auditor_reads_the_settings_and_every_apps_section_but_cannot_change_them(
    org, make_member, client_for
):
    organization = org
    client = client_for(make_member(org, Role.AUDITOR))
    page = client.get(f"/o/{organization.slug}/settings/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Read-only" in text
    assert "Certificates required of suppliers" in text
    assert "Re-evaluate critical suppliers every (months)" in text
    assert "<form" not in text.split("Settings (read-only)")[1].split("</section>")[0]
    response = client.post(f"/o/{organization.slug}/settings/", {"name": "Changed"})
    assert response.status_code == 403
    organization.refresh_from_db()
    assert organization.name != "Changed"
