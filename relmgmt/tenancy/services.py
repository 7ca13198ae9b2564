"""Writes about organisations, members and invitations. Each is one transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core import extensions
from relmgmt.core.dates import end_of_day, organization_today
from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.policy import Role
from relmgmt.tenancy import selectors
from relmgmt.tenancy.models import AuditorAccess, Invitation, Membership, Organization

if TYPE_CHECKING:
    from relmgmt.accounts.models import User as UserType

    # What a supplier portal user acts for: a record of the suppliers app, which the
    # platform knows only through the membership's foreign key (so not by its class).
    Supplier = Any

User = get_user_model()


def ensure_member(*, organization: Organization, user: UserType | None, field: str) -> None:
    """Named people (owners, reviewers, participants) must be live members of the
    organisation, and not its suppliers' portal users."""
    if user is None:
        return
    if not selectors.member_users(organization=organization).filter(pk=user.pk).exists():
        raise ValidationError({field: f"{user} is not a member of {organization.name}."})


def ensure_owner(*, organization: Organization, user: UserType | None, field: str) -> None:
    """A record's owner must be a live member who may write records (not an auditor, not a
    portal user)."""
    if user is None:
        return
    if not selectors.owner_users(organization=organization).filter(pk=user.pk).exists():
        raise ValidationError(
            {field: f"{user} is not a member of {organization.name} who may change records "
             "(auditors and portal users own none)."}
        )  # fmt: skip


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def organization_create(*, name: str, slug: str, timezone_name: str = "UTC") -> Organization:
    organization = Organization(name=name, slug=slug, timezone=timezone_name)
    organization.full_clean()
    organization.save()
    return organization


def organization_update(
    *,
    organization: Organization,
    actor: UserType | None,
    name: str,
    timezone_name: str,
    require_mfa: bool,
    **sections: dict[str, Any],
) -> Organization:
    """Change the organisation's own settings and, for each registered settings section
    named as a keyword (``required_kinds=``, ``required_certificate_types=``,
    ``supplier_schedule=`` ...), that section's; a section given as None keeps its values."""
    unknown_sections = [key for key in sections if extensions.settings_sections.get(key) is None]
    if unknown_sections:
        raise TypeError(f"Unknown settings section: {', '.join(sorted(unknown_sections))}.")
    organization.name = name
    organization.timezone = timezone_name
    organization.require_mfa = require_mfa
    for section in extensions.settings_sections:
        value = sections.get(section.key)
        if value is not None:
            organization.settings = {
                **organization.settings,
                **section.clean(organization, value),
            }
    organization.full_clean()
    with acting_as(actor):
        organization.save()
    return organization


def _validate_supplier_link(
    *, organization: Organization, role: str, supplier: Supplier | None
) -> None:
    if role == Role.SUPPLIER and supplier is None:
        raise ValidationError({"supplier": "A supplier portal user must act for a supplier."})
    if role != Role.SUPPLIER and supplier is not None:
        raise ValidationError({"supplier": "Only supplier portal users act for a supplier."})
    if supplier is not None and supplier.organization_id != organization.pk:
        raise ValidationError({"supplier": "Choose a supplier of this organisation."})


def membership_add(
    *,
    organization: Organization,
    user: UserType,
    role: str,
    supplier: Supplier | None = None,
    expires_at: datetime | None = None,
) -> Membership:
    _validate_supplier_link(organization=organization, role=role, supplier=supplier)
    with org_scope(organization), transaction.atomic():
        if Membership.objects.filter(user=user).exists():
            raise ValidationError(f"{user.email} is already a member of {organization.name}.")
        membership = Membership.objects.create(
            organization=organization,
            user=user,
            role=role,
            supplier=supplier,
            expires_at=expires_at,
        )
        _portal_users_changed(organization, membership.supplier_id)
        return membership


def _ensure_an_admin_remains(
    *,
    organization: Organization,
    membership: Membership,
    new_role: str | None = None,
    removing: bool = False,
) -> None:
    losing_admin = membership.role == Role.ADMIN and (removing or new_role != Role.ADMIN)
    if losing_admin and selectors.admin_count(organization=organization) <= 1:
        raise ValidationError(
            "An organisation needs at least one admin: make someone else admin first."
        )


def membership_update(
    *,
    organization: Organization,
    actor: UserType | None,
    membership: Membership,
    role: str,
    supplier: Supplier | None = None,
    expires_at: datetime | None = None,
    reason: str = "",
) -> Membership:
    _validate_supplier_link(organization=organization, role=role, supplier=supplier)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "Choose a time in the future."})
    with org_scope(organization), transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _ensure_an_admin_remains(organization=organization, membership=membership, new_role=role)
        if role == Role.ADMIN and expires_at is not None:
            _ensure_an_admin_remains(organization=organization, membership=membership)
        supplier_before = membership.supplier_id
        membership.role = role
        membership.supplier = supplier
        membership.expires_at = expires_at
        with acting_as(actor), audit_reason(reason):
            membership.save()
        _membership_changed(organization, membership)
        if supplier_before != membership.supplier_id:
            _portal_users_changed(organization, supplier_before, membership.supplier_id)
    return membership


def _portal_users_changed(organization: Organization, *supplier_ids: int | None) -> None:
    """Tell the apps that follow portal users (their reminders, for one) who changed."""
    for listener in extensions.portal_users_changed:
        listener.func(organization=organization, supplier_ids=supplier_ids)


def _membership_changed(
    organization: Organization, membership: Membership, *, removed: bool = False
) -> None:
    """Tell the parts that follow memberships (the end-of-access reminder, for one)."""
    for listener in extensions.membership_changed:
        listener.func(organization=organization, membership=membership, removed=removed)


def membership_remove(
    *,
    organization: Organization,
    actor: UserType | None,
    membership: Membership,
    reason: str = "",
    admin_invited: bool = False,
) -> None:
    """End a membership. ``admin_invited`` is for an operator replacing the organisation's
    last admin, whose successor is invited in the same transaction."""
    with org_scope(organization), transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not admin_invited:
            _ensure_an_admin_remains(
                organization=organization, membership=membership, removing=True
            )
        _membership_changed(organization, membership, removed=True)
        with acting_as(actor), audit_reason(reason):
            membership.delete()
        _portal_users_changed(organization, membership.supplier_id)


def invitation_create(
    *,
    organization: Organization,
    actor: UserType | None,
    email: str,
    role: str,
    supplier: Supplier | None = None,
    request: HttpRequest | None = None,
    access_ends_on: date | None = None,
) -> tuple[Invitation, str]:
    """``access_ends_on``: the last day of the person's access (an external auditor's); the
    membership the invitation makes ends by itself the day after."""
    email = User.objects.normalize_email(email).lower()
    _validate_supplier_link(organization=organization, role=role, supplier=supplier)
    if access_ends_on is not None:
        if role == Role.ADMIN:
            raise ValidationError({"access_ends_on": "An admin's access does not end by itself."})
        if access_ends_on < organization_today(organization):
            raise ValidationError({"access_ends_on": "Choose today or a later day."})
    with org_scope(organization), transaction.atomic():
        if Membership.objects.filter(user__email__iexact=email).exists():
            raise ValidationError({"email": f"{email} is already a member."})
        token = secrets.token_urlsafe(32)
        invitation = Invitation(
            organization=organization,
            email=email,
            role=role,
            supplier=supplier,
            token_hash=hash_token(token),
            invited_by=actor,
            access_ends_on=access_ends_on,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        # invited_by is empty when the operator invites from the command line.
        invitation.full_clean(exclude=["organization", "token_hash", "invited_by"])
        with acting_as(actor):
            invitation.save()
        transaction.on_commit(lambda: _send_invitation(invitation, token, request))
    return invitation, token


def invitation_url(token: str, request: HttpRequest | None = None) -> str:
    path = reverse("invitation_accept", kwargs={"token": token})
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def _send_invitation(invitation: Invitation, token: str, request: HttpRequest | None) -> None:
    context = {
        "invitation": invitation,
        "organization": invitation.organization,
        "url": invitation_url(token, request),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    send_mail(
        subject=f"You are invited to {invitation.organization.name} on relmgmt",
        message=render_to_string("tenancy/email/invitation.txt", context),
        from_email=f"{invitation.organization.name} via relmgmt <{_from_address()}>",
        recipient_list=[invitation.email],
        html_message=render_to_string("tenancy/email/invitation.html", context),
    )


def _from_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender[sender.find("<") + 1 : sender.rfind(">")] if "<" in sender else sender


def invitation_revoke(
    *, organization: Organization, actor: UserType | None, invitation: Invitation
) -> Invitation:
    with org_scope(organization), transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise ValidationError(f"This invitation is already {invitation.status}.")
        invitation.revoked_at = timezone.now()
        with acting_as(actor):
            invitation.save()
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation behind a link, or None (unknown, used, revoked or expired)."""
    with scopes_disabled():
        invitation = (
            Invitation.objects.filter(token_hash=hash_token(token))
            .select_related("organization")
            .first()
        )
    if invitation is None or invitation.status != "pending":
        return None
    if invitation.organization.is_suspended:
        return None
    return invitation


def invitation_accept(
    *, token: str, user: UserType | None = None, full_name: str = "", password: str = ""
) -> Membership:
    """Accept an invitation: as the signed-in ``user``, or by creating the account.

    Returns the new membership. The token works once.
    """
    invitation = invitation_for_token(token)
    if invitation is None:
        raise ValidationError("This invitation link is not valid any more.")
    organization = invitation.organization
    with org_scope(organization), transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise ValidationError("This invitation link is not valid any more.")
        if user is None:
            if User.objects.filter(email__iexact=invitation.email).exists():
                raise ValidationError(
                    "An account with this email exists: sign in first, then open the link again."
                )
            user = User(email=invitation.email, full_name=full_name.strip())
            user.set_password(password)
            user.full_clean(exclude=["password"])
            user.save()
        elif user.email.lower() != invitation.email.lower():
            raise ValidationError(
                f"This invitation is for {invitation.email}; you are signed in as {user.email}."
            )
        if invitation.access_ends_on is not None and invitation.access_ends_on < (
            organization_today(organization)
        ):
            raise ValidationError("The access this invitation offered has ended.")
        with acting_as(user):
            membership = membership_add(
                organization=organization,
                user=user,
                role=invitation.role,
                supplier=invitation.supplier,
                expires_at=access_ends_at(organization, invitation.access_ends_on),
            )
            invitation.accepted_at = timezone.now()
            invitation.accepted_by = user
            invitation.save()
    return membership


def access_ends_at(organization: Organization, last_day: date | None) -> datetime | None:
    """The moment access given until ``last_day`` (inclusive) ends: the start of the next
    day in the organisation's time zone."""
    if last_day is None:
        return None
    return end_of_day(organization, last_day) + timedelta(microseconds=1)


def auditor_access_record(request: HttpRequest, response: Any) -> None:
    """Note a page an auditor member viewed, or a file they downloaded (an answer sent as
    an attachment), for the admins' access log: one plain insert, only for successful reads
    by auditors, so nobody else's request pays for it."""
    membership = getattr(request, "membership", None)
    if membership is None or membership.role != Role.AUDITOR:
        return
    if request.method not in ("GET", "HEAD") or not 200 <= response.status_code < 300:
        return
    disposition = response.get("Content-Disposition", "") if hasattr(response, "get") else ""
    download = disposition.startswith("attachment")
    filename = ""
    if download and "filename=" in disposition:
        filename = disposition.split("filename=", 1)[1].split(";", 1)[0].strip().strip('"')
    AuditorAccess.objects.create(
        organization_id=membership.organization_id,
        user_id=membership.user_id,
        kind=AuditorAccess.Kind.DOWNLOAD if download else AuditorAccess.Kind.VIEW,
        path=request.path[:500],
        query=request.META.get("QUERY_STRING", "")[:500],
        filename=filename[:255],
    )
