"""The operator of a deployment: the first organisation and its admin from the command line
or the operator's page, admins invited or replaced, organisations suspended; all audited."""

import json
import logging
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from relmgmt.audit.models import AuditEvent, ChainVerification
from relmgmt.core.logging import JsonFormatter, LogContextFilter
from relmgmt.core.scoping import org_scope
from relmgmt.operator.services import tick_record
from relmgmt.operator.status import system_status
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services
from relmgmt.tenancy.models import Invitation, Membership, Organization

from .conftest import PASSWORD, create_org, create_user

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def invitation_path(text: str) -> str:
    return re.search(r"https?://[^/\s]+(/invitations/\S+/)", text).group(1)


@pytest.fixture
def operator(db):
    return create_user(email="operator@example.test", is_superuser=True, is_staff=True)


def test_create_organization_invites_its_first_admin_who_signs_in(
    client, db, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_organization",
            "--slug=initech",
            "--name=Initech Ltd",
            "--admin-email=Boss@Initech.test",
            "--timezone=Europe/Berlin",
        )
    printed = capsys.readouterr().out
    organization = Organization.objects.get(slug="initech")
    assert organization.name == "Initech Ltd" and organization.timezone == "Europe/Berlin"
    message = mail.outbox[-1]
    assert message.to == ["boss@initech.test"]
    link = invitation_path(message.body)
    assert link == invitation_path(printed), "the command prints the emailed link too"

    response = client.post(
        link, {"full_name": "The Boss", "password": PASSWORD, "password_again": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/o/initech/"
    assert client.get("/o/initech/members/").status_code == 200, "signed in, as its admin"
    with org_scope(organization):
        assert Membership.objects.get().role == Role.ADMIN
        assert AuditEvent.objects.filter(model_label="tenancy.organization").exists()
        assert AuditEvent.objects.filter(model_label="tenancy.invitation").exists()


def test_create_organization_refuses_an_address_in_use_and_saves_nothing(db):
    create_org("initech")
    with pytest.raises(CommandError, match="initech exists"):
        call_command("create_organization", "--slug=initech", "--name=X", "--admin-email=a@b.test")
    with pytest.raises(CommandError):
        call_command("create_organization", "--slug=new", "--name=X", "--admin-email=not-mail")
    assert not Organization.objects.filter(slug="new").exists()
    assert not Invitation.objects.with_scopes_disabled().exists()


def test_the_operator_creates_an_organisation_from_the_page(
    operator, client_for, django_capture_on_commit_callbacks
):
    client = client_for(operator)
    assert client.get("/operator/organizations/new/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/operator/organizations/new/",
            {
                "name": "Hooli",
                "slug": "hooli",
                "timezone": "UTC",
                "admin_email": "gavin@hooli.test",
            },
        )
    organization = Organization.objects.get(slug="hooli")
    assert response["Location"] == f"/operator/organizations/{organization.pk}/"
    assert mail.outbox[-1].to == ["gavin@hooli.test"]
    page = client.get(response["Location"])
    assert b"gavin@hooli.test" in page.content and b"No admin" in page.content
    assert b"Hooli" in client.get("/operator/").content
    with org_scope(organization):
        created = AuditEvent.objects.get(model_label="tenancy.organization")
        assert created.actor_id == operator.pk
    # The superuser is no member: the organisation's own pages stay closed to them.
    assert client.get("/o/hooli/").status_code == 404


def test_a_bad_form_on_the_page_says_why_and_saves_nothing(operator, client_for):
    create_org("hooli")
    response = client_for(operator).post(
        "/operator/organizations/new/",
        {"name": "Hooli", "slug": "hooli", "timezone": "Mars/Base", "admin_email": "x"},
    )
    assert response.status_code == 200 and b"problem" in response.content
    assert Organization.objects.filter(slug="hooli").count() == 1


def test_the_operator_replaces_the_admin_who_left(
    operator, client_for, make_member, django_capture_on_commit_callbacks
):
    organization = create_org("acme2")
    old_admin = make_member(organization, Role.ADMIN)
    manager = make_member(organization, Role.MANAGER)
    client = client_for(operator)
    url = f"/operator/organizations/{organization.pk}/admins/"
    refused = client.post(url, {"email": "new@acme2.test", "replace": "on"})
    assert refused.status_code == 400 and b"Say why" in refused.content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "new@acme2.test", "replace": "on", "reason": "Left the company"}
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new@acme2.test"]
    with org_scope(organization):
        assert list(Membership.objects.values_list("pk", flat=True)) == [manager.pk]
        removal = AuditEvent.objects.get(model_label="tenancy.membership", action="delete")
        assert removal.reason == "Left the company" and removal.actor_id == operator.pk
    assert client_for(old_admin).get("/o/acme2/").status_code == 404


def test_a_suspended_organisation_answers_nothing_to_its_members(
    operator, client_for, api_client_for, make_member
):
    organization = create_org("acme3")
    admin = make_member(organization, Role.ADMIN)
    supplier_user = make_member(organization, Role.SUPPLIER)
    api = api_client_for(admin)
    _invitation, token = tenancy_services.invitation_create(
        organization=organization, actor=admin.user, email="late@acme3.test", role=Role.MANAGER
    )
    operator_client = Client()
    operator_client.force_login(operator, backend=BACKEND)
    url = f"/operator/organizations/{organization.pk}/suspension/"
    assert operator_client.post(url, {"reason": ""}).status_code == 400, "a reason is asked"
    assert operator_client.post(url, {"reason": "Unpaid"}).status_code == 302
    organization.refresh_from_db()
    assert organization.is_suspended

    member = client_for(admin)
    assert member.get("/o/acme3/").status_code == 404
    assert member.get("/o/acme3/members/").status_code == 404
    assert b"not a member of any organisation" in member.get("/", follow=True).content
    assert api.get("/api/v1/o/acme3/parties/").status_code == 404
    assert client_for(supplier_user).get("/portal/acme3/").status_code == 404
    member.logout()
    assert member.get(f"/invitations/{token}/").status_code == 404

    assert operator_client.post(url, {"reason": "Paid"}).status_code == 302
    assert client_for(admin).get("/o/acme3/").status_code == 200
    with org_scope(organization):
        reasons = list(
            AuditEvent.objects.filter(model_label="tenancy.organization", action="update")
            .order_by("seq")
            .values_list("reason", flat=True)
        )
    assert reasons == ["Unpaid", "Paid"]


def test_the_organisation_list_costs_the_same_queries_for_many(
    operator, client_for, make_member, assert_constant_queries
):
    make_member(create_org(), Role.ADMIN)

    def grow():
        for _ in range(3):
            organization = create_org()
            make_member(organization, Role.ADMIN)
            make_member(organization, Role.MANAGER)

    assert_constant_queries(client_for(operator), "/operator/", grow=grow)


def test_the_status_page_shows_each_process_and_a_broken_chain(operator, client_for):
    organization = create_org("chained")
    tick_record(name="beat", detail="sent relmgmt.operator.tasks.worker_heartbeat")
    tick_record(name="worker", detail="worker-host")
    with org_scope(organization):
        ChainVerification.objects.create(
            organization=organization,
            trigger=ChainVerification.Trigger.NIGHTLY,
            status=ChainVerification.Status.BROKEN,
            finished_at=timezone.now(),
            broken_at_seq=3,
        )
    checks = {check.name: check for check in system_status()}
    assert checks["database"].ok and checks["beat"].ok and checks["worker heartbeat"].ok
    assert checks["audit chain verification"].ok is False
    assert "not intact for: chained" in checks["audit chain verification"].detail
    assert checks["reminders overdue for sending"].ok
    page = client_for(operator).get("/operator/status/")
    assert page.status_code == 200
    assert b"worker-host" in page.content and b"not intact for: chained" in page.content


def test_the_status_command_fails_while_beat_was_never_seen(db):
    out = StringIO()
    with pytest.raises(CommandError, match="beat, worker heartbeat"):
        call_command("status", stdout=out)
    assert "ok    database" in out.getvalue()


def test_every_log_line_of_a_request_names_its_organisation_and_request_id(client_for, make_member):
    organization = create_org("logged")
    auditor = make_member(organization, Role.AUDITOR)
    stream = StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(LogContextFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        response = client_for(auditor).get(
            "/o/logged/members/", headers={"X-Request-ID": "proxy-id-1234"}
        )
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 403 and response["X-Request-ID"] == "proxy-id-1234"
    line = json.loads(stream.getvalue().splitlines()[-1])
    assert line["organization"] == "logged" and line["request_id"] == "proxy-id-1234"
    assert "Forbidden" in line["message"]
    generated = client_for(auditor).get("/o/logged/", headers={"X-Request-ID": "bad id!"})
    assert len(generated["X-Request-ID"]) == 32, "a made-up id replaces one that is not sensible"
