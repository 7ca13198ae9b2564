"""Checks the services of the register share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Model

from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def ensure_member(*, organization: Organization, user: User | None, field: str) -> None:
    """Named people (owners, reviewers, participants) must be live members of the
    organisation, and not its suppliers' portal users."""
    if user is None:
        return
    is_member = (
        Membership.objects.filter(organization=organization, user=user)
        .active()
        .exclude(role=Role.SUPPLIER)
        .exists()
    )
    if not is_member:
        raise ValidationError({field: f"{user} is not a member of {organization.name}."})


def ensure_same_organization(*, organization: Organization, record: Any, field: str) -> None:
    if record is not None and record.organization_id != organization.pk:
        raise ValidationError({field: "Choose a record of this organisation."})


def validate(instance: Model) -> None:
    """Field and constraint checks of the model, as one ValidationError with field names."""
    instance.full_clean(exclude=["organization"], validate_unique=False)
