"""Reads of corrective actions: the list (with the recurrence flag and whether anything is
overdue, computed in the same query), one with its analysis, actions, timeline and
evidence, the age, and the home tile's counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from django.db import connections
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from corrective_actions.models import (
    ActionStep,
    CorrectiveAction,
    CorrectiveActionEvent,
    FishboneCause,
    WhyStep,
)
from corrective_actions.models.corrective_actions import CA_OPEN_STATES, CaState, StepStatus
from corrective_actions.models.root_cause import FishboneCategory
from relmgmt.core.dates import organization_today
from relmgmt.core.remembered import remembered, rows_key, this_minute
from relmgmt.core.scoping import scope_key

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

RECURRENCE_WINDOW = timedelta(days=365)


def recurrence_q() -> Q:
    """Another corrective action of the same category with the same party or supplier,
    opened within the twelve months before this one (its own earlier cycle not counted)."""
    return _recurrence_q(scope_key())


# Built once per scope (the scope's filter is in their subqueries) and reused there:
# Django copies an expression as it resolves it into a query, so one serves every query,
# and building these subqueries was a tenth of a list page's time.
@lru_cache(maxsize=256)
def _recurrence_q(_scope: str) -> Q:
    earlier = CorrectiveAction.objects.filter(
        organization=OuterRef("organization"),
        category=OuterRef("category"),
        opened_at__lt=OuterRef("opened_at"),
        opened_at__gte=OuterRef("opened_at") - RECURRENCE_WINDOW,
    ).exclude(  # Coalesce: a comparison with a null "previous" would exclude every row.
        pk=Coalesce(OuterRef("previous"), Value(0))
    )
    # One look-up by party and one by supplier, each along its index (organisation,
    # category, party or supplier): an "or" of the two in one look-up reads every row of the
    # category, for each row counted (the figures count them all).
    return Exists(earlier.filter(party=OuterRef("party"))) | Exists(
        earlier.filter(supplier=OuterRef("supplier"))
    )


def recurrence_counted_q(organization: Organization, using: str) -> Q:
    """``recurrence_q`` for counting over many rows of ``organization`` (the figures).

    On PostgreSQL, one pass over the organisation's corrective actions in the order of the
    recurrence indexes: for each row, a window counts the others of its category and party
    (or supplier) opened in the twelve months before, and the rows whose only such other is
    their own earlier cycle are left out. What it selects is read once and looked up by id,
    where ``recurrence_q`` seeks the index twice for every row counted (and makes a query
    whose estimated cost has the database compile it first, which took longer still).
    Elsewhere, ``recurrence_q``: a window over times stored as text cannot reach back a
    number of days."""
    if connections[using].vendor != "postgresql":
        return recurrence_q()
    columns = ("party_id", "supplier_id")
    sql = " UNION ALL ".join(_recurrent_ids(column) for column in columns)
    # Our own table and column names; the only value, the organisation, is a parameter.
    return Q(pk__in=RawSQL(sql, [organization.pk] * 2 * len(columns)))  # noqa: S611


def _recurrent_ids(column: str) -> str:
    """The ids of the organisation's corrective actions that ``recurrence_q`` flags through
    ``column`` (``party_id`` or ``supplier_id``): those with another of the same category
    and ``column`` opened in the twelve months before (strictly before, and not before
    those twelve months), not counting their own earlier cycle. ``n`` is that number of
    others, its own cycle included: the rows of the window frame less the row's peers
    (itself and those opened at the same moment)."""
    table = CorrectiveAction._meta.db_table
    window = f"INTERVAL '{RECURRENCE_WINDOW.days} days'"
    sql = f"""
        SELECT framed.id FROM (
            SELECT c.id,
                COUNT(*) OVER (w RANGE BETWEEN {window} PRECEDING AND CURRENT ROW)
                - COUNT(*) OVER (w RANGE BETWEEN CURRENT ROW AND CURRENT ROW) AS n
            FROM {table} c
            WHERE c.organization_id = %s AND c.{column} IS NOT NULL
            WINDOW w AS (PARTITION BY c.category, c.{column} ORDER BY c.opened_at)
        ) framed
        WHERE framed.n > 1 OR (framed.n = 1 AND framed.id NOT IN (
            SELECT c.id FROM {table} c
            JOIN {table} p ON p.id = c.previous_id AND p.organization_id = c.organization_id
            WHERE c.organization_id = %s AND c.previous_id IS NOT NULL
                AND p.category = c.category AND p.{column} = c.{column}
                AND p.opened_at < c.opened_at AND p.opened_at >= c.opened_at - {window}
        ))"""  # noqa: S608 (names of our own table and columns; the values are parameters)
    return sql


def overdue_counted_q(organization: Organization, today: date) -> Q:
    """``overdue_q`` for counting over many rows of ``organization`` (the figures): the
    corrective actions with a late open action are read once and looked up by id, rather
    than sought among the actions for every open row."""
    late = ActionStep.objects.filter(
        organization=organization,
        status__in=(StepStatus.PLANNED, StepStatus.IN_PROGRESS),
        due_on__lt=today,
    ).values("corrective_action_id")
    return Q(state__in=CA_OPEN_STATES) & (
        Q(pk__in=late) | Q(state=CaState.EFFECTIVENESS_CHECK, effectiveness_due_on__lt=today)
    )


def overdue_q(today: date) -> Q:
    """Open corrective actions with an open action past its due date, or an effectiveness
    check past its day."""
    return _overdue_q(scope_key(), today)


@lru_cache(maxsize=256)
def _overdue_q(_scope: str, today: date) -> Q:
    late_step = ActionStep.objects.filter(
        organization=OuterRef("organization"),
        corrective_action=OuterRef("pk"),
        status__in=(StepStatus.PLANNED, StepStatus.IN_PROGRESS),
        due_on__lt=today,
    )
    return Q(state__in=CA_OPEN_STATES) & (
        Exists(late_step) | Q(state=CaState.EFFECTIVENESS_CHECK, effectiveness_due_on__lt=today)
    )


# What a row of the list shows (``corrective_action_rows``), read as dictionaries.
CA_LIST_COLUMNS = (
    "reference",
    "cycle",
    "opened_at",
    "closed_at",
    "title",
    "recurrent",
    "overdue",
    "supplier_id",
    "supplier__party__name",
    "party_id",
    "party__name",
    "severity",
    "owner__full_name",
    "owner__email",
    "state",
)


def corrective_actions(*, organization: Organization) -> QuerySet[CorrectiveAction]:
    return _corrective_actions(scope_key(), organization.pk, organization_today(organization)).all()


# Built once per scope, organisation and day (what its filters and flags read) and copied
# for each use with ``all()``, as a class-based view's ``queryset`` is: resolving the flags'
# subqueries into the query took about 1.7 ms of every list page. The one kept is never
# evaluated itself.
@lru_cache(maxsize=256)
def _corrective_actions(
    _scope: str, organization_id: int, today: date
) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(organization_id=organization_id)
        .select_related("party", "supplier__party", "owner", "nonconformity")
        .annotate(recurrent=recurrence_q(), overdue=overdue_q(today))
        .order_by("-opened_at", "-id")
    )


def ca_detail(*, organization: Organization) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(organization=organization)
        .select_related(
            "party",
            "supplier__party",
            "owner",
            "nonconformity",
            "complaint",
            "previous",
            "analysis",
            "verified_by",
            "effectiveness_checked_by",
            "closed_by",
            "closure_signature",
            "risk",
            "survey_response__party",
        )
        .annotate(recurrent=recurrence_q())
    )


def timeline(
    *, organization: Organization, corrective_action: CorrectiveAction
) -> QuerySet[CorrectiveActionEvent]:
    return CorrectiveActionEvent.objects.filter(
        organization=organization, corrective_action=corrective_action
    ).select_related("actor")


def steps(
    *, organization: Organization, corrective_action: CorrectiveAction
) -> QuerySet[ActionStep]:
    return ActionStep.objects.filter(
        organization=organization, corrective_action=corrective_action
    ).select_related("owner")


@dataclass(frozen=True)
class Analysis:
    whys: list[WhyStep]
    # (category key, label, causes) for each of the six categories, in their order.
    fishbone: list[tuple[str, str, list[FishboneCause]]]


def analysis(*, organization: Organization, corrective_action: CorrectiveAction) -> Analysis:
    whys = list(
        WhyStep.objects.filter(organization=organization, analysis_id=corrective_action.analysis_id)
    )
    causes = list(
        FishboneCause.objects.filter(
            organization=organization, analysis_id=corrective_action.analysis_id
        ).order_by("id")
    )
    return Analysis(
        whys=whys,
        fishbone=[
            (key, label, [cause for cause in causes if cause.category == key])
            for key, label in FishboneCategory.choices
        ],
    )


def age_days(record: CorrectiveAction, now: datetime | None = None) -> int:
    return days_open(record.opened_at, record.closed_at, now)


def days_open(opened_at: datetime, closed_at: datetime | None, now: datetime | None = None) -> int:
    """Days open: to the closure for a closed one, to now for an open one."""
    end = closed_at or now or timezone.now()
    return max(0, (end - opened_at).days)


def open_counts(*, organization: Organization) -> dict:
    today = organization_today(organization)
    return CorrectiveAction.objects.filter(
        organization=organization, state__in=CA_OPEN_STATES
    ).aggregate(actions_open=Count("id"), actions_overdue=Count("id", filter=overdue_q(today)))


@dataclass(frozen=True)
class Figures:
    total: int
    open: int
    # Open corrective actions by age: up to 30 days, 31-90, 91-180, over 180.
    open_by_age: list[tuple[str, int]]
    overdue: int
    median_days_to_close: float | None
    effectiveness_rate: float | None  # of those checked, the share found effective
    recurrence_rate: float | None  # of all, the share flagged as a recurrence


AGE_BUCKETS = (("0-30 days", 0, 30), ("31-90 days", 31, 90), ("91-180 days", 91, 180))


def figures(
    *, organization: Organization, queryset: QuerySet[CorrectiveAction] | None = None
) -> Figures:
    """The dashboard's numbers over ``queryset`` (default: every corrective action), of
    ``organization``, in the database: one query for the counts and one row read for the
    median."""
    queryset = (
        queryset
        if queryset is not None
        else CorrectiveAction.objects.filter(organization=organization)
    ).order_by()
    now = timezone.now()
    today = organization_today(organization)
    is_open = Q(state__in=CA_OPEN_STATES)
    buckets = {
        f"age_{low}": Count(
            "id",
            filter=is_open
            & Q(opened_at__lte=now - timedelta(days=low))
            & Q(opened_at__gt=now - timedelta(days=high + 1)),
        )
        for label, low, high in AGE_BUCKETS
    }
    checked = Q(effectiveness_checked_at__isnull=False)
    counts = queryset.aggregate(
        total=Count("id"),
        open=Count("id", filter=is_open),
        older=Count("id", filter=is_open & Q(opened_at__lte=now - timedelta(days=181))),
        overdue=Count("id", filter=overdue_counted_q(organization, today)),
        closed=Count("id", filter=Q(state=CaState.CLOSED)),
        checked=Count("id", filter=checked),
        effective=Count("id", filter=checked & ~Q(state=CaState.NOT_EFFECTIVE)),
        recurrent=Count("id", filter=recurrence_counted_q(organization, queryset.db)),
        **buckets,
    )
    median = median_days_to_close(queryset.filter(state=CaState.CLOSED), counts["closed"])
    return Figures(
        total=counts["total"],
        open=counts["open"],
        open_by_age=[(label, counts[f"age_{low}"]) for label, low, _high in AGE_BUCKETS]
        + [("over 180 days", counts["older"])],
        overdue=counts["overdue"],
        median_days_to_close=median,
        effectiveness_rate=round(100 * counts["effective"] / counts["checked"], 1)
        if counts["checked"]
        else None,
        recurrence_rate=round(100 * counts["recurrent"] / counts["total"], 1)
        if counts["total"]
        else None,
    )


def figures_remembered(
    *, organization: Organization, queryset: QuerySet[CorrectiveAction]
) -> Figures:
    """``figures`` over ``queryset``, remembered while the organisation's records stay as
    they are and within the same minute (what is overdue and how old moves with the clock):
    a page of a list of 100,000 corrective actions does not scan them all again each time
    it is shown."""
    return remembered(
        f"ca-figures:{rows_key(queryset)}",
        organization,
        lambda: figures(organization=organization, queryset=queryset),
        moment=this_minute(),
    )


def median_days_to_close(queryset: QuerySet[CorrectiveAction], count: int) -> float | None:
    if not count:
        return None
    ordered = queryset.annotate(
        duration=ExpressionWrapper(F("closed_at") - F("opened_at"), output_field=DurationField())
    ).order_by("duration")
    low, high = (count - 1) // 2, count // 2
    values = list(ordered.values_list("duration", flat=True)[low : high + 1])
    middle = sum(values, timedelta()) / len(values)
    return round(middle.total_seconds() / 86400, 1)
