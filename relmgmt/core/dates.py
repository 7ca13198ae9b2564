"""Dates as an organisation sees them: its own today, and month arithmetic (review
cadences, re-evaluation intervals, report months)."""

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def organization_today(organization) -> date:
    """Today's date in the organisation's time zone (not the server's)."""
    return timezone.localdate(timezone=ZoneInfo(organization.timezone))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan + 1)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_of_day(organization, day: date) -> datetime:
    """The last moment of ``day`` in the organisation's time zone."""
    start_of_next = datetime.combine(
        day + timedelta(days=1), time.min, tzinfo=ZoneInfo(organization.timezone)
    )
    return start_of_next - timedelta(microseconds=1)


def moment_of_day(organization, day: date, *, seconds: int = 0) -> datetime:
    """A moment of ``day`` in the organisation's time zone: noon, plus ``seconds`` (to keep
    several facts of one day in their order)."""
    return datetime.combine(day, time(12), tzinfo=ZoneInfo(organization.timezone)) + timedelta(
        seconds=seconds
    )
