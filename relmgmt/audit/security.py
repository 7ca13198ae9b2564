"""The security log: refused writes and failed authentications, written as they happen
(``SecurityEvent``), read by each organisation's admins on its security page.

Recorded here:

- a sign-in refused (Django's ``user_login_failed``, which allauth's sign-in sends);
- a two-factor code refused (allauth's ``mfa.signals.authentication_failed``);
- an API token refused (``relmgmt.api.authentication``);
- a write refused with 403, on a page or through the API (``SecurityLogMiddleware``).

Each is written in its own short transaction on the default database, so that the refusal
that caused it (often inside a rolled back request) cannot take the row with it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone

from relmgmt.accounts.clients import client_ip
from relmgmt.audit.models import SecurityEvent
from relmgmt.core.scoping import scopes_disabled

logger = logging.getLogger("relmgmt.security")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
Kind = SecurityEvent.Kind


def _address(request) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    return None if address == "unknown" else address


def record(
    *,
    kind: str,
    request=None,
    user=None,
    organization_ids: list[int | None] | None = None,
    status_code: int | None = None,
    detail: str = "",
) -> None:
    """Write one row per organisation concerned (one without an organisation if none is)."""
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    now = timezone.now()
    rows = [
        SecurityEvent(
            occurred_at=now,
            organization_id=organization_id,
            kind=kind,
            user_id=user_id,
            client_ip=_address(request),
            method=(request.method or "")[:8] if request is not None else "",
            path=request.path[:200] if request is not None else "",
            status_code=status_code,
            detail=detail[:200],
        )
        for organization_id in (organization_ids or [None])
    ]
    logger.warning(
        "security: %s user=%s organisations=%s client=%s %s %s",
        kind,
        user_id,
        organization_ids or "-",
        rows[0].client_ip,
        rows[0].method,
        rows[0].path,
    )
    try:
        with transaction.atomic(savepoint=True):
            SecurityEvent.objects.bulk_create(rows)
    except DatabaseError:  # a refusal must never turn into a server error
        logger.exception("security log: could not write %s", kind)


def _organizations_of(user) -> list[int | None]:
    membership = apps.get_model("tenancy", "Membership")
    with scopes_disabled():
        ids = list(
            membership.objects.filter(user=user)
            .values_list("organization_id", flat=True)
            .distinct()
            .order_by("organization_id")
        )
    return list(ids) or [None]


def _account(credentials: dict):
    """The account a failed sign-in named, if it exists (never the name typed otherwise)."""
    name = credentials.get("email") or credentials.get("username") or credentials.get("login")
    if not name:
        return None
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return user_model._default_manager.filter(email__iexact=str(name).strip()).first()


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    account = _account(credentials)
    record(
        kind=Kind.LOGIN_FAILED,
        request=request,
        user=account,
        organization_ids=_organizations_of(account) if account is not None else None,
        detail="wrong password or inactive account" if account is not None else "unknown account",
    )


def on_mfa_failed(sender, request=None, user=None, **kwargs) -> None:
    record(
        kind=Kind.MFA_FAILED,
        request=request,
        user=user,
        organization_ids=_organizations_of(user) if user is not None else None,
        detail="re-authentication" if kwargs.get("reauthentication") else "sign-in",
    )


def token_refused(request, *, detail: str) -> None:
    organization = getattr(request, "organization", None)
    record(
        kind=Kind.TOKEN_FAILED,
        request=request,
        organization_ids=[organization.pk] if organization is not None else None,
        status_code=401,
        detail=detail,
    )


class SecurityLogMiddleware:
    """Records every write (any method but GET, HEAD, OPTIONS) answered with 403: a role
    that may not, a failed CSRF check, a portal user on a staff API. The organisation is
    the request's when the person is its member."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 and request.method not in SAFE_METHODS:
            organization = getattr(request, "organization", None)
            member = getattr(request, "membership", None) is not None
            record(
                kind=Kind.WRITE_REFUSED,
                request=request,
                user=getattr(request, "user", None),
                organization_ids=[organization.pk] if organization is not None and member else None,
                status_code=403,
            )
        return response


def purge_expired(now=None) -> int:
    """Delete rows older than the retention (``RELMGMT_SECURITY_LOG_DAYS``)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.RELMGMT_SECURITY_LOG_DAYS)
    deleted, _ = SecurityEvent.objects.filter(occurred_at__lt=cutoff).delete()
    return deleted
