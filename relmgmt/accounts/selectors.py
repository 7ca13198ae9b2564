"""Reads about a person's account that the platform shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def has_authenticator_app(user: User) -> bool:
    """Whether the person has set up a TOTP authenticator (two-factor sign-in)."""
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def lacks_required_mfa(*, organization: Organization, user: User) -> bool:
    """The organisation requires two-factor sign-in and the person has not set it up."""
    return bool(organization.require_mfa) and not has_authenticator_app(user)
