"""A person's notifications and their choices of how to be told."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmgmt.core.scoping import org_scope
from relmgmt.notifications import kinds
from relmgmt.notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def notification_mark_read(*, organization: Organization, user: User, notification_id: int) -> None:
    with org_scope(organization):
        Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def notifications_mark_all_read(*, organization: Organization, user: User) -> int:
    with org_scope(organization):
        return Notification.objects.filter(user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def preferences_save(*, organization: Organization, user: User, modes: dict[str, str]) -> None:
    """Save ``{kind: mode}``; a kind the organisation requires cannot be switched off."""
    required = set(organization.settings.get("required_kinds", []))
    errors = {}
    for key, mode in modes.items():
        kind = kinds.get(key)
        if kind is None:
            errors[key] = "Unknown kind of reminder."
        elif mode not in NotificationPreference.Mode.values:
            errors[key] = "Choose at once, daily digest or off."
        elif mode == NotificationPreference.Mode.OFF and (kind.required or key in required):
            errors[key] = f"{organization.name} requires “{kind.label}”: it cannot be off."
    if errors:
        raise ValidationError(errors)
    with org_scope(organization), transaction.atomic():
        for key, mode in modes.items():
            NotificationPreference.objects.update_or_create(
                organization=organization, user=user, kind=key, defaults={"mode": mode}
            )
