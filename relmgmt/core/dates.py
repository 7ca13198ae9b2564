"""Dates as an organisation sees them: its own today, and month arithmetic (review
cadences, re-evaluation intervals, report months)."""

import calendar
from datetime import date
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
