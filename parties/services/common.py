"""Checks the services of the register share."""

from django.core.exceptions import ValidationError

from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership


def ensure_member(*, organization, user, field: str) -> None:
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


def ensure_same_organization(*, organization, record, field: str) -> None:
    if record is not None and record.organization_id != organization.pk:
        raise ValidationError({field: "Choose a record of this organisation."})


def validate(instance) -> None:
    """Field and constraint checks of the model, as one ValidationError with field names."""
    instance.full_clean(exclude=["organization"], validate_unique=False)
