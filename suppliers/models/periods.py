"""Scorecard periods: months or quarters, each named by its first day."""

from datetime import date


def period_start_of(day: date, period: str) -> date:
    if period == "quarterly":
        return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return date(day.year, day.month, 1)


def period_after(start: date, period: str) -> date:
    """The first day of the next period."""
    months = 3 if period == "quarterly" else 1
    month = start.month - 1 + months
    return date(start.year + month // 12, month % 12 + 1, 1)


def period_before(start: date, period: str) -> date:
    months = 3 if period == "quarterly" else 1
    month = start.month - 1 - months
    return date(start.year + month // 12, month % 12 + 1, 1)


def recent_periods(today: date, period: str, count: int) -> list[date]:
    """The ``count`` periods up to the one holding ``today``, oldest first."""
    starts = [period_start_of(today, period)]
    while len(starts) < count:
        starts.append(period_before(starts[-1], period))
    return starts[::-1]


def period_label(start: date, period: str) -> str:
    if period == "quarterly":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return f"{start:%B %Y}"


def period_short_label(start: date, period: str) -> str:
    if period == "quarterly":
        return f"Q{(start.month - 1) // 3 + 1} {start:%y}"
    return f"{start:%b %y}"
