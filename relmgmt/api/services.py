from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmgmt.accounts.selectors import lacks_required_mfa
from relmgmt.api.models import ApiToken
from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Membership, Organization

TOKEN_PREFIX = "rm_"  # noqa: S105 (a label, not a secret)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(
    *, organization: Organization, actor: User | None, membership: Membership, name: str
) -> tuple[ApiToken, str]:
    """Create a token for ``membership``; returns it and the key, shown once."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Name the token after what will use it."})
    if membership.organization_id != organization.pk:
        raise ValidationError("The membership belongs to another organisation.")
    # A token would skip the two-factor sign-in the organisation requires.
    if lacks_required_mfa(organization=organization, user=membership.user):
        raise ValidationError(
            f"{organization.name} requires two-factor authentication: "
            f"{membership.user.email} must set up an authenticator app before a token "
            "can act as them."
        )
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        token = ApiToken(
            organization=organization,
            membership=membership,
            name=name[:100],
            prefix=key[:10],
            key_hash=hash_key(key),
            created_by=actor,
        )
        token.save()
    return token, key


def token_revoke(*, organization: Organization, actor: User | None, token: ApiToken) -> ApiToken:
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save()
    return token
