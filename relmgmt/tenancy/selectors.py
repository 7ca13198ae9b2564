"""Reads about organisations and members.

Resolving who belongs where happens before any organisation is in scope, so these few
platform reads use the unscoped manager on purpose; everything else goes through scope.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from relmgmt import policy
from relmgmt.core import extensions
from relmgmt.policy import STAFF_ROLES, Role
from relmgmt.tenancy.models import (
    AuditorAccess,
    Invitation,
    Membership,
    MembershipQuerySet,
    Organization,
    live_membership,
)


def _memberships_unscoped() -> MembershipQuerySet:
    return Membership.objects.with_scopes_disabled()


def active_membership(*, user: Any, organization: Organization) -> Membership | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return (
        _memberships_unscoped()
        .filter(organization=organization, user=user, organization__suspended_at__isnull=True)
        .active()
        .select_related("supplier__party")
        .first()
    )


def memberships_of_user(user: Any) -> list[Membership]:
    """The user's live memberships, for the organisation switcher and the home page."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return list(
        _memberships_unscoped()
        .filter(user=user, organization__suspended_at__isnull=True)
        .active()
        .select_related("organization", "supplier__party")
        .order_by("organization__name")
    )


def organization_by_slug(slug: str) -> Organization | None:
    """The organisation at ``/o/<slug>/``; a suspended one answers nothing, as if unknown."""
    return Organization.objects.filter(slug=slug, suspended_at__isnull=True).first()


def members(*, organization: Organization) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organization=organization)
        .select_related("user", "supplier__party")
        .order_by("user__email")
    )


def member_users(*, organization: Organization) -> QuerySet:
    """Users with a live membership (not portal users): who may own and review records.

    One join on the membership, which is unique per organisation and user; every list's
    owner filter asks for this, so it is kept cheaper to build than a subquery.
    """
    return (
        get_user_model()
        .objects.filter(
            live_membership("memberships__"),
            memberships__organization=organization,
            memberships__role__in=STAFF_ROLES,
        )
        .order_by("full_name", "email")
    )


def owner_users(*, organization: Organization) -> QuerySet:
    """Members who may own records: live members whose role may write them
    (``policy.OWNER_PERMISSION``); not auditors, not portal users."""
    return (
        get_user_model()
        .objects.filter(
            live_membership("memberships__"),
            memberships__organization=organization,
            memberships__role__in=policy.roles_with(policy.OWNER_PERMISSION),
        )
        .order_by("full_name", "email")
    )


def admin_count(*, organization: Organization) -> int:
    now = timezone.now()
    return (
        Membership.objects.filter(organization=organization, role=Role.ADMIN)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .count()
    )


def pending_invitations(*, organization: Organization) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            organization=organization,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .select_related("invited_by", "supplier__party")
        .order_by("-created_at")
    )


def role_counts(*, organization: Organization) -> dict[str, int]:
    rows = (
        Membership.objects.filter(organization=organization)
        .active()
        .values("role")
        .annotate(n=Count("id"))
    )
    return {row["role"]: row["n"] for row in rows}


def settings_described(organization: Organization) -> list[tuple[str, list[tuple[str, str]]]]:
    """The organisation's settings as titled lists of (label, value), for members who may
    read them but not change them: its own, then each section an app registered."""
    own = [
        ("Name", organization.name),
        ("Time zone", organization.timezone),
        ("Two-factor authentication required", "yes" if organization.require_mfa else "no"),
    ]
    return [("Organisation", own)] + [
        (section.title, section.describe(organization)) for section in extensions.settings_sections
    ]


def auditor_access(*, organization: Organization) -> QuerySet[AuditorAccess]:
    """The access log: what auditor members viewed and downloaded, newest first."""
    return (
        AuditorAccess.objects.filter(organization=organization)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


def auditors_logged(*, organization: Organization) -> QuerySet:
    """The people the access log names: auditors now or before (their access may have
    ended), by name."""
    logged = AuditorAccess.objects.filter(organization=organization).values("user_id")
    auditors = Membership.objects.filter(organization=organization, role=Role.AUDITOR).values(
        "user_id"
    )
    return (
        get_user_model()
        .objects.filter(Q(pk__in=logged) | Q(pk__in=auditors))
        .order_by("full_name", "email")
    )
