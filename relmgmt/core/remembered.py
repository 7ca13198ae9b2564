"""Figures read from an organisation's records, kept in the cache while the records stay as
they are: every change of one of them appends an event to the organisation's audit trail in
the same transaction, so the trail's head names their state, and a figure kept under it
never goes stale. Rows rewritten by a job without an audit event (a recalculation's
scores) move a stamp of their own (``records_recalculated``). ``moment`` adds what moves
with the clock: the day for what falls due on a date, the minute for what is overdue by
the hour."""

from collections.abc import Callable
from hashlib import sha256
from typing import Any, TypeVar
from uuid import uuid4

from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone

from relmgmt.audit.selectors import trail_head
from relmgmt.core.dates import organization_today

T = TypeVar("T")

TIMEOUT = 3600


# How many times this process has moved a stamp: a stamp read before is read again after.
_recalculations = [0]


def records_state(organization: Any) -> str:
    """Names the state of the organisation's records: what figures are kept under.

    The stamp is read once per organisation instance (one per request), as the trail's
    head is, until this process moves a stamp: a list page names the state for its count,
    rows, menus and figures."""
    known = organization.__dict__.get("_records_stamp")
    if known is None or known[0] != _recalculations[0]:
        # A new stamp when there is none (never set, or evicted): never one used before.
        stamp = cache.get_or_set(_stamp_key(organization.pk), uuid4().hex, None)
        known = organization.__dict__["_records_stamp"] = (_recalculations[0], stamp)
    return f"{trail_head(organization=organization)}:{known[1]}"


def records_recalculated(organization_id: int) -> None:
    """Rows were rewritten without an audit event: figures kept until now are read again."""
    _recalculations[0] += 1
    cache.set(_stamp_key(organization_id), uuid4().hex, None)


def _stamp_key(organization_id: int) -> str:
    return f"records-stamp:{organization_id}"


def remembered(
    what: str, organization: Any, compute: Callable[[], T], *, moment: str = "", timeout=TIMEOUT
) -> T:
    key = f"{what}:{organization.pk}:{records_state(organization)}:{moment}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, timeout)
    return found


def rows_key(queryset: QuerySet) -> str:
    """Names the rows of ``queryset`` (its ids' SQL, unordered: what decides which rows);
    written once per queryset (a list's count and its figures name the same rows)."""
    known = queryset.__dict__.get("_rows_key")
    if known is None:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        written = repr((sql, [_value_of(param) for param in params]))
        known = queryset.__dict__["_rows_key"] = sha256(written.encode()).hexdigest()
    return known


def _value_of(param: Any) -> Any:
    """A query parameter as its value: a database adapter (PostgreSQL's for JSON) would be
    written with its address, another on every request."""
    return getattr(param, "adapted", param)


def this_minute() -> str:
    return timezone.now().strftime("%Y%m%d%H%M")


def this_day(organization: Any) -> str:
    """The organisation's day: the moment of what falls due on a date."""
    return organization_today(organization).isoformat()
