"""Figures of nonconformities and corrective actions over a period, for the KPIs (their
sparklines and the quality objectives set on them) and the management review (ISO 9001
9.3.2 c) 4)). Each is computed in the database; none reads rows one by one."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from corrective_actions.models import (
    CorrectiveAction,
    CorrectiveActionEvent,
    Nonconformity,
    NonconformityEvent,
)
from corrective_actions.models.corrective_actions import CaState
from corrective_actions.selectors.corrective_actions import median_days_to_close, recurrence_q

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def _actions(organization: Organization) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(organization=organization).order_by()


def effectiveness_rate(organization: Organization, start: date, end: date) -> float | None:
    """Of the corrective actions whose effectiveness was checked in the period, the % found
    effective (one found not effective opens a next cycle)."""
    row = (
        _actions(organization)
        .filter(effectiveness_checked_at__date__gte=start, effectiveness_checked_at__date__lte=end)
        .aggregate(
            checked=Count("id"), effective=Count("id", filter=~Q(state=CaState.NOT_EFFECTIVE))
        )
    )
    return round(100 * row["effective"] / row["checked"], 1) if row["checked"] else None


def recurrence_rate(organization: Organization, start: date, end: date) -> float | None:
    """Of the corrective actions opened in the period, the % flagged as a recurrence (the
    same category with the same party or supplier within the twelve months before)."""
    row = (
        _actions(organization)
        .filter(opened_at__date__gte=start, opened_at__date__lte=end)
        .aggregate(total=Count("id"), recurrent=Count("id", filter=recurrence_q()))
    )
    return round(100 * row["recurrent"] / row["total"], 1) if row["total"] else None


def days_to_close(organization: Organization, start: date, end: date) -> float | None:
    """The median days from opening to the signed closure of those closed in the period."""
    closed = _actions(organization).filter(
        state=CaState.CLOSED, closed_at__date__gte=start, closed_at__date__lte=end
    )
    return median_days_to_close(closed, closed.count())


def opened_and_closed(queryset: QuerySet, start: date, end: date) -> dict[str, int]:
    """How many of ``queryset`` were opened, and closed (not cancelled, nor found not
    effective, which also ends a record), in the period."""
    return queryset.order_by().aggregate(
        opened=Count("id", filter=Q(opened_at__date__gte=start, opened_at__date__lte=end)),
        closed=Count(
            "id",
            filter=Q(state="closed", closed_at__date__gte=start, closed_at__date__lte=end),
        ),
    )


def _states_at(queryset: QuerySet, events: QuerySet, end: date) -> dict[str, int]:
    """How many of ``queryset`` (opened by the end of the period) were in each state at its
    end: the state each was moved to by its last event on or before that day."""
    last = events.filter(at__date__lte=end).order_by("-at", "-id").values("to_state")[:1]
    rows = (
        queryset.filter(opened_at__date__lte=end)
        .order_by()
        .annotate(state_then=Subquery(last))
        .values("state_then")
        .annotate(n=Count("id"))
    )
    return {row["state_then"]: row["n"] for row in rows if row["state_then"]}


def action_states_at(organization: Organization, end: date) -> dict[str, int]:
    events = CorrectiveActionEvent.objects.filter(
        organization=organization, corrective_action=OuterRef("pk")
    )
    return _states_at(_actions(organization), events, end)


def nonconformity_states_at(organization: Organization, end: date) -> dict[str, int]:
    events = NonconformityEvent.objects.filter(
        organization=organization, nonconformity=OuterRef("pk")
    )
    return _states_at(Nonconformity.objects.filter(organization=organization), events, end)
