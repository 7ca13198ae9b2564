"""External auditors: an admin invites one by email with the last day of their access,
which ends by itself the day after; admins see what each auditor viewed and downloaded."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy import services
from relmgmt.tenancy.models import AuditorAccess, Invitation, Membership

from .conftest import PASSWORD


def at(organization, day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(organization.timezone))


def test_an_invited_external_auditor_is_refused_the_day_after_the_end_date(
    admin, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    organization = admin.organization
    last_day = organization_today(organization) + timedelta(days=3)
    client = client_for(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/o/{organization.slug}/members/invite/",
            {"email": "Auditor@Certifier.test", "role": Role.AUDITOR, "access_ends_on": last_day},
        )
    assert response.status_code == 302
    with org_scope(organization):
        invitation = Invitation.objects.get(email="auditor@certifier.test")
    assert invitation.access_ends_on == last_day
    assert f"access until {last_day}" in client.get(f"/o/{organization.slug}/members/").text
    link = re.search(r"http://testserver(/invitations/\S+/)", mail.outbox[-1].body).group(1)
    client.logout()
    client.post(
        link, {"full_name": "Ext Auditor", "password": PASSWORD, "password_again": PASSWORD}
    )
    with org_scope(organization):
        membership = Membership.objects.get(user__email="auditor@certifier.test")
    assert membership.role == Role.AUDITOR
    assert membership.expires_at == at(organization, last_day + timedelta(days=1), 0)
    home = f"/o/{organization.slug}/"
    assert client.get(home).status_code == 200
    monkeypatch.setattr(timezone, "now", lambda: at(organization, last_day, 23, 59))
    assert client.get(home).status_code == 200, "the last day is still theirs"
    monkeypatch.setattr(
        timezone, "now", lambda: at(organization, last_day + timedelta(days=1), 0, 1)
    )
    assert client.get(home).status_code == 404, "the day after, access has ended"
    assert client.get(f"/o/{organization.slug}/parties/").status_code == 404


def test_an_end_date_in_the_past_or_for_an_admin_is_refused(admin):
    organization = admin.organization
    yesterday = organization_today(organization) - timedelta(days=1)
    with pytest.raises(ValidationError, match="today or a later day"):
        services.invitation_create(
            organization=organization,
            actor=admin.user,
            email="late@certifier.test",
            role=Role.AUDITOR,
            access_ends_on=yesterday,
        )
    with pytest.raises(ValidationError, match="does not end by itself"):
        services.invitation_create(
            organization=organization,
            actor=admin.user,
            email="boss@certifier.test",
            role=Role.ADMIN,
            access_ends_on=yesterday + timedelta(days=5),
        )


def test_admins_see_what_each_auditor_viewed_and_downloaded(
    admin, manager, auditor, make_member, client_for
):
    organization = admin.organization
    other_auditor = make_member(organization, Role.AUDITOR)
    client = client_for(auditor)
    assert client.get(f"/o/{organization.slug}/parties/?as_of=2025-01-01").status_code == 200
    assert client.get(f"/o/{organization.slug}/parties/export.csv").status_code == 200
    client_for(other_auditor).get(f"/o/{organization.slug}/suppliers/")
    client_for(manager).get(f"/o/{organization.slug}/parties/")  # not an auditor: not logged
    with org_scope(organization):
        logged = list(
            AuditorAccess.objects.order_by("id").values_list("user_id", "kind", "path", "query")
        )
    assert logged == [
        (auditor.user_id, "view", f"/o/{organization.slug}/parties/", "as_of=2025-01-01"),
        (auditor.user_id, "download", f"/o/{organization.slug}/parties/export.csv", ""),
        (other_auditor.user_id, "view", f"/o/{organization.slug}/suppliers/", ""),
    ]
    with org_scope(organization):
        assert AuditorAccess.objects.get(kind="download").filename.startswith("parties-")
    assert client_for(auditor).get(f"/o/{organization.slug}/members/access-log/").status_code == 403
    page_url = f"/o/{organization.slug}/members/access-log/"
    parties, suppliers = (
        f"<code>/o/{organization.slug}/{area}/" for area in ("parties", "suppliers")
    )
    client = client_for(admin)
    everything = client.get(page_url).text
    assert auditor.user.email in everything and other_auditor.user.email in everything
    assert parties in everything and suppliers in everything
    downloads = client.get(f"{page_url}?kind=download").text
    assert "export.csv" in downloads and suppliers not in downloads
    theirs = client.get(f"{page_url}?user={other_auditor.user_id}").text
    assert suppliers in theirs and parties not in theirs
    today = organization_today(organization)
    assert parties not in client.get(f"{page_url}?until={today - timedelta(days=1)}").text
    assert parties in client.get(f"{page_url}?since={today}&path=parties").text


def test_an_auditor_s_api_reads_are_logged_too(admin, auditor, api_client_for):
    organization = admin.organization
    url = f"/api/v1/o/{organization.slug}/approved-suppliers/"
    assert api_client_for(auditor).get(url).status_code == 200
    assert api_client_for(admin).get(url).status_code == 200
    with org_scope(organization):
        logged = list(AuditorAccess.objects.values_list("user_id", "kind", "path"))
    assert logged == [(auditor.user_id, "view", url)]


def test_the_access_log_offers_the_auditors_of_each_view_even_once_its_filter_was_built(
    admin, auditor
):
    from relmgmt.tenancy.filters import AuditorAccessFilter
    from relmgmt.tenancy.models import AuditorAccess

    organization = admin.organization
    with org_scope(organization):
        assert AuditorAccessFilter.base_filters["user"].field  # built once, as a schema may
        found = AuditorAccessFilter(
            {"user": str(auditor.user_id)},
            queryset=AuditorAccess.objects.filter(organization=organization),
            auditors=[auditor.user],
        )
        assert found.is_valid(), found.errors
