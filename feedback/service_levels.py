"""Service levels of complaints, per severity: acknowledge within so many hours, resolve
within so many days. Kept in ``Organization.settings["complaint_service_levels"]``; the
defaults stand for what an organisation has not set.

Deadlines are counted in the organisation's time zone: "within N days" ends at the same
wall-clock time N calendar days later, whatever daylight saving time does in between; "within
N hours" is N elapsed hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from feedback.models.complaints import Severity

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

SETTING = "complaint_service_levels"
MAX_HOURS = 24 * 30
MAX_DAYS = 365

DEFAULTS: dict[str, dict[str, int]] = {
    Severity.CRITICAL: {"acknowledge_hours": 4, "resolve_days": 5},
    Severity.HIGH: {"acknowledge_hours": 24, "resolve_days": 10},
    Severity.MEDIUM: {"acknowledge_hours": 48, "resolve_days": 20},
    Severity.LOW: {"acknowledge_hours": 72, "resolve_days": 30},
}


def levels(organization: Organization) -> dict[str, dict[str, int]]:
    stored = (organization.settings or {}).get(SETTING) or {}
    return {
        severity: {**DEFAULTS[severity], **(stored.get(severity) or {})}
        for severity in Severity.values
    }


def deadlines(
    organization: Organization, severity: str, start: datetime
) -> tuple[datetime, datetime]:
    """When a complaint of ``severity`` received at ``start`` must be acknowledged and
    resolved."""
    level = levels(organization)[severity]
    acknowledge = start + timedelta(hours=level["acknowledge_hours"])
    local = start.astimezone(ZoneInfo(organization.timezone))
    naive = local.replace(tzinfo=None) + timedelta(days=level["resolve_days"])
    resolve = naive.replace(tzinfo=ZoneInfo(organization.timezone))
    return acknowledge, resolve


def clean(value: dict) -> dict:
    """The levels to store; a ValidationError naming the field when one is out of range."""
    cleaned: dict[str, dict[str, int]] = {}
    for severity in Severity.values:
        given = (value or {}).get(severity) or {}
        entry = {}
        for name, high in (("acknowledge_hours", MAX_HOURS), ("resolve_days", MAX_DAYS)):
            raw = given.get(name, DEFAULTS[severity][name])
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = -1
            if not 1 <= number <= high:
                raise ValidationError(
                    {f"{name}_{severity}": f"Give a whole number from 1 to {high}."}
                )
            entry[name] = number
        cleaned[severity] = entry
    return {SETTING: cleaned}
