"""Checks every app's services share before they write."""

from django.core.exceptions import ValidationError


def ensure_same_organization(*, organization, record, field: str) -> None:
    """A related record (a party, a supplier, a certificate) must be the organisation's own."""
    if record is not None and record.organization_id != organization.pk:
        raise ValidationError({field: "Choose a record of this organisation."})


def validate(instance, *, exclude=()) -> None:
    """Field and constraint checks of the model, as one ValidationError with field names.
    ``exclude``: fields whose checks the caller has made (a foreign key's existence query)."""
    instance.full_clean(exclude=["organization", *exclude], validate_unique=False)
