"""Reminders that follow a membership: admins hear a week ahead that a time-limited
membership ends, and a removed member's reminders are cancelled."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from relmgmt.notifications.platform_kinds import MEMBERSHIP_ENDS
from relmgmt.notifications.services import scheduling
from relmgmt.policy import Role
from relmgmt.tenancy import selectors

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Membership, Organization


def membership_reminders_follow(
    *, organization: Organization, membership: Membership, removed: bool
) -> None:
    if removed:
        scheduling.reminders_cancel(
            organization=organization, record=membership, reason="the member was removed"
        )
        return
    if membership.expires_at is None:
        scheduling.reminders_cancel(
            organization=organization,
            record=membership,
            kind=MEMBERSHIP_ENDS.key,
            reason="the access no longer ends",
        )
        return
    zone = ZoneInfo(organization.timezone)
    ends_on = timezone.localtime(membership.expires_at, zone).date()
    today = timezone.localtime(timezone.now(), zone).date()
    scheduling.reminder_schedule(
        organization=organization,
        kind=MEMBERSHIP_ENDS.key,
        record=membership,
        due_date=ends_on,
        send_on=max(today, ends_on - timedelta(days=7)),
        recipients=[
            m.user for m in selectors.members(organization=organization).filter(role=Role.ADMIN)
        ],
        url=reverse("member_detail", kwargs={"org_slug": organization.slug, "pk": membership.pk}),
    )
