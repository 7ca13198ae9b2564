"""Reads of the scorecards that pages, the portal and the API share; each is given the
organisation and makes a fixed number of queries whatever the number of rows."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery

from relmgmt.core.dates import organization_today
from suppliers.models import (
    ManualRating,
    RecomputeJob,
    ScorecardCriterion,
    ScorecardDefinition,
    ScorecardResult,
    ScoreChange,
    Supplier,
    SuspensionProposal,
)
from suppliers.models.metrics import METRICS
from suppliers.models.periods import (
    period_after,
    period_before,
    period_label,
    period_short_label,
    period_start_of,
    recent_periods,
)
from suppliers.models.scorecards import RANKED_STANDINGS, ProposalStatus, Standing

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

HISTORY_PERIODS = {"monthly": 24, "quarterly": 8}


def definitions(*, organization: Organization) -> QuerySet[ScorecardDefinition]:
    return (
        ScorecardDefinition.objects.filter(organization=organization)
        .select_related("created_by")
        .order_by("-version")
    )


def current_definition(*, organization: Organization) -> ScorecardDefinition | None:
    """The latest definition with its ``criteria_list``: one query, the criteria with
    their definition (a second one only for a definition without criteria)."""
    latest = definitions(organization=organization).values("pk")[:1]
    criteria = list(
        ScorecardCriterion.objects.filter(organization=organization, definition=Subquery(latest))
        .select_related("definition__created_by")
        .order_by("id")
    )
    definition: ScorecardDefinition | None
    if criteria:
        definition = criteria[0].definition
        for criterion in criteria:
            criterion.definition = definition
    else:
        definition = definitions(organization=organization).first()
    if definition is not None:
        definition.criteria_list = criteria
    return definition


def results(*, organization: Organization) -> QuerySet[ScorecardResult]:
    return ScorecardResult.objects.filter(organization=organization).select_related(
        "supplier__party", "definition"
    )


def result_list(*, organization: Organization) -> QuerySet[ScorecardResult]:
    """Scores per supplier and period for the results page: latest period first, then by
    supplier code."""
    return results(organization=organization).order_by("-period_start", "supplier__code", "id")


def proposals(*, organization: Organization) -> QuerySet[SuspensionProposal]:
    """Proposals with ``score_now``: the score of their period as it stands now."""
    now = ScorecardResult.objects.filter(
        organization=organization,
        supplier_id=OuterRef("supplier_id"),
        period_start=OuterRef("period_start"),
    )
    return (
        SuspensionProposal.objects.filter(organization=organization)
        .select_related("supplier__party", "decided_by", "signature", "definition")
        .annotate(score_now=Subquery(now.values("score")[:1]))
    )


def open_proposals(*, organization: Organization) -> QuerySet[SuspensionProposal]:
    return proposals(organization=organization).filter(status=ProposalStatus.OPEN)


def proposals_open_and_decided(
    *, organization: Organization, open_limit: int = 200, decided_limit: int = 50
) -> tuple[list[SuspensionProposal], list[SuspensionProposal]]:
    """The open proposals and the latest decided ones, each newest first (the database
    filters and limits them)."""
    newest = proposals(organization=organization).order_by("-created_at")
    return (
        list(newest.filter(status=ProposalStatus.OPEN)[:open_limit]),
        list(newest.exclude(status=ProposalStatus.OPEN)[:decided_limit]),
    )


def manual_ratings(*, organization: Organization) -> QuerySet[ManualRating]:
    return ManualRating.objects.filter(organization=organization).select_related(
        "supplier__party", "rated_by"
    )


def latest_job(*, organization: Organization) -> RecomputeJob | None:
    return RecomputeJob.objects.filter(organization=organization).order_by("-id").first()


def with_latest_standing(
    queryset: QuerySet[Supplier], *, organization: Organization
) -> QuerySet[Supplier]:
    """Suppliers annotated with the standing and period of their latest scored period (for
    filtering by it; a page's rows read it with ``latest_standings``)."""
    latest = ScorecardResult.objects.filter(
        organization=organization, supplier=OuterRef("pk"), score__isnull=False
    ).order_by("-period_start")
    return queryset.annotate(
        latest_standing=Subquery(latest.values("standing")[:1]),
        latest_score=Subquery(latest.values("score")[:1]),
        latest_period=Subquery(latest.values("period_start")[:1]),
    )


NO_STANDING = {"latest_standing": None, "latest_period": None}


def latest_standings(
    *, organization: Organization, supplier_ids: Collection[int]
) -> dict[int, dict]:
    """The standing and period (``latest_standing``, ``latest_period``) of each supplier's
    latest scored period, as ``with_latest_standing`` has them, for a page of suppliers: one
    plain statement by id, which a list page runs far quicker than the ORM builds the
    correlated subqueries."""
    if not supplier_ids:
        return {}
    table = ScorecardResult._meta.db_table
    ids = ", ".join(["%s"] * len(supplier_ids))
    sql = (
        f"SELECT r.supplier_id, r.standing, r.period_start FROM {table} r "
        f"WHERE r.organization_id = %s AND r.supplier_id IN ({ids}) AND r.score IS NOT NULL "
        f"AND r.period_start = (SELECT MAX(l.period_start) FROM {table} l "
        "WHERE l.organization_id = r.organization_id AND l.supplier_id = r.supplier_id "
        "AND l.score IS NOT NULL)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, *supplier_ids])
        rows = cursor.fetchall()
    return {
        supplier_id: {"latest_standing": standing, "latest_period": _as_date(period)}
        for supplier_id, standing, period in rows
    }


def _as_date(value: Any) -> date:
    """A date read by a plain statement (SQLite answers with its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


# --- one supplier's scorecard ----------------------------------------------------------------


@dataclass
class CriterionLine:
    label: str
    unit: str
    weight: int | None
    value: float | None
    points: float | None
    inputs: str
    decimals: int


@dataclass
class PeriodRow:
    start: date
    label: str
    short_label: str
    result: ScorecardResult | None
    lines: list[CriterionLine] = field(default_factory=list)

    @property
    def score(self) -> float | None:
        return self.result.score if self.result else None

    @property
    def standing(self) -> str:
        return self.result.standing if self.result else ""

    @property
    def standing_label(self) -> str:
        return Standing(self.standing).label


@dataclass
class Scorecard:
    definition: ScorecardDefinition | None
    periods: list[PeriodRow]
    changes: list
    ratings: list

    @property
    def scored(self) -> list[PeriodRow]:
        return [row for row in self.periods if row.score is not None]


def _lines(definition: Any, result: Any) -> list[CriterionLine]:
    lines = []
    for criterion in definition.criteria_list:
        metric = METRICS.get(criterion.metric)
        if metric is None:
            continue
        lines.append(
            CriterionLine(
                label=metric.label,
                unit=metric.unit,
                weight=criterion.weight,
                value=getattr(result, metric.value_column) if result else None,
                points=getattr(result, metric.points_column) if result else None,
                inputs=metric.inputs(result) if result else "No data",
                decimals=metric.decimals,
            )
        )
    return lines


def supplier_scorecard(
    *,
    organization: Organization,
    supplier: Supplier,
    include_changes: bool = True,
    include_ratings: bool = True,
    on: date | None = None,
) -> Scorecard:
    """The supplier's periods (recent first; a period without a result is "no data"),
    each with its criteria's inputs, values and points; the changes and the ratings.
    ``on``: the periods up to the one holding that day (default today)."""
    definition = current_definition(organization=organization)
    if definition is None:
        return Scorecard(None, [], [], [])
    starts = recent_periods(
        on or organization_today(organization),
        definition.period,
        HISTORY_PERIODS[definition.period],
    )
    found = {
        result.period_start: result
        for result in ScorecardResult.objects.filter(
            organization=organization,
            supplier=supplier,
            period_start__gte=starts[0],
            period_start__lte=starts[-1],
        )
    }
    rows = []
    for start in reversed(starts):
        result = found.get(start)
        rows.append(
            PeriodRow(
                start=start,
                label=period_label(start, definition.period),
                short_label=period_short_label(start, definition.period),
                result=result,
                lines=_lines(definition, result),
            )
        )
    changes = (
        list(
            ScoreChange.objects.filter(organization=organization, supplier=supplier)
            .select_related("actor")
            .order_by("-created_at", "-id")[:50]
        )
        if include_changes
        else []
    )
    for change in changes:
        change.period_label = period_label(change.period_start, definition.period)
    ratings = (
        list(
            manual_ratings(organization=organization)
            .filter(supplier=supplier)
            .order_by("-period_start")[:24]
        )
        if include_ratings
        else []
    )
    return Scorecard(definition, rows, changes, ratings)


# --- the organisation's distribution of standings ---------------------------------------------


@dataclass
class Distribution:
    definition: ScorecardDefinition | None
    period_start: date | None
    label: str
    counts: list[tuple[str, str, int]]  # standing, label, suppliers
    total: int
    previous: date | None
    following: date | None


def standings_distribution(
    *, organization: Organization, period_start: date | None = None
) -> Distribution:
    """How many suppliers stand where in one period (default: the latest complete one);
    suppliers trading but without data count as "no data"."""
    definition = current_definition(organization=organization)
    if definition is None:
        return Distribution(None, None, "", [], 0, None, None)
    current = period_start_of(organization_today(organization), definition.period)
    start = period_start_of(period_start, definition.period) if period_start else None
    if start is None or start > current:
        start = period_before(current, definition.period)
    grouped = dict(
        ScorecardResult.objects.filter(organization=organization, period_start=start)
        .values("standing")
        .annotate(n=Count("id"))
        .values_list("standing", "n")
    )
    trading = Supplier.objects.filter(
        organization=organization,
        status__in=["approved", "conditionally_approved", "suspended"],
    ).count()
    scored = sum(n for standing, n in grouped.items() if standing)
    counts = [(s.value, s.label, grouped.get(s.value, 0)) for s in RANKED_STANDINGS]
    counts.append(("", Standing.NO_DATA.label, max(trading - scored, grouped.get("", 0))))
    following = period_after(start, definition.period)
    return Distribution(
        definition=definition,
        period_start=start,
        label=period_label(start, definition.period),
        counts=counts,
        total=sum(n for _s, _l, n in counts),
        previous=period_before(start, definition.period),
        following=following if following <= current else None,
    )
