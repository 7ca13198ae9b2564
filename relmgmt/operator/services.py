"""What the operator of a deployment (a superuser) does to organisations: create one with
its first admin invited, invite or replace its admin, suspend and resume it. Each is one
transaction, recorded in the organisation's audit trail as the operator's act."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from relmgmt.operator.models import ProcessTick
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services
from relmgmt.tenancy.models import Invitation, Membership, Organization

if TYPE_CHECKING:
    from relmgmt.accounts.models import User as UserType


def ensure_operator(actor: UserType | None) -> None:
    """Only an active superuser operates; a management command runs with no actor."""
    if actor is not None and not (actor.is_active and actor.is_superuser):
        raise PermissionDenied("Only the operator of this deployment may do this.")


def organization_create_with_admin(
    *,
    actor: UserType | None,
    name: str,
    slug: str,
    admin_email: str,
    timezone_name: str = "UTC",
    request: HttpRequest | None = None,
) -> tuple[Organization, Invitation, str]:
    """Create the organisation and invite its first admin by email (the link sets a
    password and expires). Returns the organisation, the invitation and its link's token."""
    ensure_operator(actor)
    if Organization.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"An organisation with the address {slug} exists."})
    with transaction.atomic():
        with acting_as(actor) if actor is not None else nullcontext():
            organization = tenancy_services.organization_create(
                name=name, slug=slug, timezone_name=timezone_name
            )
        invitation, token = tenancy_services.invitation_create(
            organization=organization,
            actor=actor,
            email=admin_email,
            role=Role.ADMIN,
            request=request,
        )
    return organization, invitation, token


def admin_invite(
    *,
    actor: UserType | None,
    organization: Organization,
    email: str,
    replace: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
) -> tuple[Invitation, str]:
    """Invite an admin. With ``replace``, the current admins' access ends now: the
    organisation has the invited person as its only admin once they accept."""
    ensure_operator(actor)
    if replace and not reason.strip():
        raise ValidationError({"reason": "Say why the admins are replaced (kept in the history)."})
    with transaction.atomic(), org_scope(organization):
        invitation, token = tenancy_services.invitation_create(
            organization=organization, actor=actor, email=email, role=Role.ADMIN, request=request
        )
        if replace:
            for membership in Membership.objects.filter(role=Role.ADMIN):
                tenancy_services.membership_remove(
                    organization=organization,
                    actor=actor,
                    membership=membership,
                    reason=reason,
                    admin_invited=True,
                )
    return invitation, token


def organization_suspend(
    *, actor: UserType | None, organization: Organization, reason: str
) -> Organization:
    """Suspend: the organisation answers nothing to its members (pages, API, portal,
    invitations) until it is resumed. Nothing is deleted."""
    ensure_operator(actor)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the organisation is suspended."})
    return _set_suspended(actor=actor, organization=organization, suspended=True, reason=reason)


def organization_resume(
    *, actor: UserType | None, organization: Organization, reason: str = ""
) -> Organization:
    ensure_operator(actor)
    return _set_suspended(actor=actor, organization=organization, suspended=False, reason=reason)


def _set_suspended(
    *, actor: UserType | None, organization: Organization, suspended: bool, reason: str
) -> Organization:
    with transaction.atomic():
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.is_suspended == suspended:
            state = "suspended" if suspended else "active"
            raise ValidationError(f"{organization.name} is already {state}.")
        organization.suspended_at = timezone.now() if suspended else None
        with acting_as(actor), audit_reason(reason):
            organization.save(update_fields=["suspended_at", "updated_at"])
    return organization


def tick_record(*, name: str, detail: str = "") -> None:
    """Note that a background process just showed a sign of life (one upsert)."""
    ProcessTick.objects.bulk_create(
        [ProcessTick(name=name, last_at=timezone.now(), detail=detail[:300])],
        update_conflicts=True,
        unique_fields=["name"],
        update_fields=["last_at", "detail"],
    )
