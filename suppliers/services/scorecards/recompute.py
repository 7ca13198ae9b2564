"""Recalculating supplier scorecards: set-based SQL, never a query per supplier.

One run, for a scope (all, or some suppliers and periods), inside one transaction:

1. *upsert*: one ``INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE`` (the same on
   SQLite and PostgreSQL). Its SELECT aggregates each source of facts per supplier and
   period (all the delivery metrics share one pass over the deliveries), adds the results
   in scope that hold facts now (so one whose facts are gone comes out as "no data"), and
   derives each metric's value and points (linear between the criterion's 0-point and
   100-point values, clamped), the score (the weighted mean of the criteria that have data,
   weights re-normalised; NULL when none has) and the standing. Only rows whose figures
   moved are written, each once, keeping its old score as ``previous_score``;
2. *changes*: one ``INSERT ... SELECT`` records every score or standing that moved, with
   the cause (and, for deliveries entered, how many of the period's were);
3. *consequences* of new standings in each supplier's latest scored period (few rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.db import connection, transaction
from django.utils import timezone

from relmgmt.core.dates import organization_today
from relmgmt.core.remembered import records_recalculated
from relmgmt.core.scoping import org_scope
from suppliers.models import Delivery, ScorecardDefinition, ScorecardResult, ScoreChange
from suppliers.models.metrics import METRICS
from suppliers.models.periods import period_label, period_start_of
from suppliers.models.scorecards import ChangeCause
from suppliers.services.scorecards import sql as q
from suppliers.services.scorecards.metrics import SOURCES

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

RESULTS = ScorecardResult._meta.db_table
CHANGES = ScoreChange._meta.db_table
SOURCE_COLUMNS = [column for source in SOURCES.values() for column in source.columns]
SOURCE_DEFAULTS = {
    column: value for source in SOURCES.values() for column, value in source.defaults.items()
}


@dataclass(frozen=True)
class Scope:
    """What to recompute: ``None`` means every supplier, or every period."""

    supplier_ids: tuple[int, ...] | None = None
    period_starts: tuple[date, ...] | None = None

    @property
    def is_empty(self) -> bool:
        return self.supplier_ids == () or self.period_starts == ()


@dataclass
class Summary:
    run: str = ""
    written: int = 0  # results whose figures moved (the others are left as they were)
    changes: int = 0
    definition: ScorecardDefinition | None = None


def current_definition(*, organization: Organization) -> ScorecardDefinition | None:
    with org_scope(organization):
        return (
            ScorecardDefinition.objects.filter(organization=organization)
            .order_by("-version")
            .first()
        )


def _scope_where(scope: Scope, *, alias: str = "") -> tuple[str, list]:
    prefix = f"{alias}." if alias else ""
    sql, params = "", []
    if scope.supplier_ids is not None:
        sql += f" AND {prefix}supplier_id IN ({q.in_list(scope.supplier_ids)})"
        params += list(scope.supplier_ids)
    if scope.period_starts is not None:
        sql += f" AND {prefix}period_start IN ({q.in_list(scope.period_starts)})"
        params += [q.day(connection, start) for start in scope.period_starts]
    return sql, params


def _literal(value: Any) -> str:
    """A source column's default as SQL (a typed NULL, so PostgreSQL does not take it for
    text inside a subquery)."""
    if value is None:
        return "CAST(NULL AS date)"
    return repr(value)


def _facts_select(
    sources: Any,
    *,
    organization_id: int,
    definition: ScorecardDefinition,
    scope: Scope,
    parameters: dict[str, Any],
) -> tuple[str, list[Any]]:
    """Every source column per (supplier, period) in scope: one grouped query per source
    and the results in scope that hold any facts now, combined with ``UNION ALL`` and
    regrouped. A result whose facts are gone (deliveries deleted or moved) so comes back
    with the defaults and is rewritten as "no data"; columns of sources the definition
    does not use hold their defaults."""
    parts, params = [], []
    for source in sources:
        select, select_params = source.select(
            connection,
            organization_id=organization_id,
            period=definition.period,
            scope=scope,
            parameters=parameters,
        )
        columns = [
            f"g.{column}" if column in source.columns else f"NULL AS {column}"
            for column in SOURCE_COLUMNS
        ]
        parts.append(
            f"SELECT g.supplier_id, g.period_start, {', '.join(columns)} FROM ({select}) g"
        )
        params += select_params
    where, scope_params = _scope_where(scope)
    empty = " AND ".join(
        f"{column} IS NULL" if value is None else f"{column} = {_literal(value)}"
        for column, value in SOURCE_DEFAULTS.items()
    )
    nulls = ", ".join(f"NULL AS {column}" for column in SOURCE_COLUMNS)
    parts.append(
        f"SELECT supplier_id, period_start, {nulls} FROM {RESULTS} "
        f"WHERE organization_id = %s{where} AND NOT ({empty} AND score IS NULL)"
    )
    params += [organization_id, *scope_params]
    used = {column for source in sources for column in source.columns}
    columns = [
        f"COALESCE(MAX(u.{column}), {_literal(SOURCE_DEFAULTS[column])}) AS {column}"
        if column in used
        else f"{_literal(SOURCE_DEFAULTS[column])} AS {column}"
        for column in SOURCE_COLUMNS
    ]
    return (
        f"SELECT u.supplier_id, u.period_start, {', '.join(columns)} "
        f"FROM ({' UNION ALL '.join(parts)}) u GROUP BY u.supplier_id, u.period_start",
        params,
    )


def _points_sql(criterion: Any, metric: Any) -> str:
    """Linear between the criterion's 0-point and 100-point values, clamped to 0-100."""
    zero = float(criterion.zero_points_at)
    span = float(criterion.full_points_at) - zero
    raw = f"(100.0 * ({metric.value_column} - {zero!r}) / {span!r})"
    return q.round_sql(connection, q.clamp_sql(connection, raw, 0, 100))


def _score_sql(criteria: Any) -> str:
    """The weighted mean of the points of the criteria that have data (weights
    re-normalised); NULL when none has."""
    if not criteria:
        return q.null_float(connection)
    total = " + ".join(
        f"{int(c.weight)} * COALESCE({METRICS[c.metric].points_column}, 0)" for c in criteria
    )
    counted = " + ".join(
        f"CASE WHEN {METRICS[c.metric].points_column} IS NULL THEN 0 ELSE {int(c.weight)} END"
        for c in criteria
    )
    return q.round_sql(connection, f"1.0 * ({total}) / NULLIF({counted}, 0)")


def _standing_sql(definition: ScorecardDefinition) -> str:
    return (
        "CASE WHEN score IS NULL THEN '' "
        f"WHEN score >= {float(definition.excellent_from)!r} THEN 'excellent' "
        f"WHEN score >= {float(definition.good_from)!r} THEN 'good' "
        f"WHEN score >= {float(definition.needs_improvement_from)!r} "
        "THEN 'needs_improvement' ELSE 'poor' END"
    )


def _upsert(
    cursor: Any,
    sources: Any,
    *,
    organization_id: int,
    definition: ScorecardDefinition,
    criteria: Any,
    scope: Scope,
    run: Any,
    now: datetime,
    parameters: dict[str, Any],
) -> int:
    """Write every result in scope whose figures moved, and only those, in one statement:
    the facts, each metric's value and points, the score and the standing are computed in
    layers of an ``INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE`` (each layer
    fenced, so the next reads its columns instead of repeating its expressions). A
    rewritten row keeps its old score and standing as ``previous_*`` and is marked with the
    run; a row that comes out the same is not written at all."""
    facts, params = _facts_select(
        sources,
        organization_id=organization_id,
        definition=definition,
        scope=scope,
        parameters=parameters,
    )
    weighed = {criterion.metric: criterion for criterion in criteria}
    values = ", ".join(f"{m.value_sql} AS {m.value_column}" for m in METRICS.values())
    points = ", ".join(
        f"{_points_sql(weighed[m.key], m) if m.key in weighed else q.null_float(connection)} "
        f"AS {m.points_column}"
        for m in METRICS.values()
    )
    fence = q.subquery_fence(connection)
    layered = (
        f"SELECT p.*, {_score_sql(criteria)} AS score FROM ("
        f"SELECT v.*, {points} FROM ("
        f"SELECT f.*, {values} FROM ({facts}) f{fence}) v{fence}) p{fence}"
    )
    derived = [column for m in METRICS.values() for column in (m.value_column, m.points_column)]
    computed = ["definition_id", "standing", "score", *SOURCE_COLUMNS, *derived]
    columns = [
        "organization_id",
        "created_at",
        "run",
        "computed_at",
        "previous_standing",
        "supplier_id",
        "period_start",
        *computed,
    ]
    selected = ["%s", "%s", "%s", "%s", "''", "s.supplier_id", "s.period_start", "%s"]
    selected += [_standing_sql(definition), *(f"s.{column}" for column in computed[2:])]
    updates = [
        f"previous_score = {RESULTS}.score",
        f"previous_standing = {RESULTS}.standing",
        "run = excluded.run",
        "computed_at = excluded.computed_at",
        *(f"{column} = excluded.{column}" for column in computed),
    ]
    moved = q.distinct_sql(
        connection,
        f"({', '.join(f'{RESULTS}.{column}' for column in computed)})",
        f"({', '.join(f'excluded.{column}' for column in computed)})",
    )
    cursor.execute(
        f"INSERT INTO {RESULTS} ({', '.join(columns)}) SELECT {', '.join(selected)} "
        f"FROM ({layered}) s WHERE 1 = 1 "
        "ON CONFLICT (organization_id, supplier_id, period_start) DO UPDATE SET "
        f"{', '.join(updates)} WHERE {moved}",
        [organization_id, now, run, now, definition.pk, *params],
    )
    return cursor.rowcount


def _record_changes(
    cursor: Any,
    *,
    organization_id: int,
    definition: ScorecardDefinition,
    scope: Scope,
    run: Any,
    now: datetime,
    cause: str,
    note: str,
    actor: User | None,
    since: Any,
) -> int:
    if since is not None:
        end = q.period_end_sql(connection, "r.period_start", definition.period)
        entered = (
            f"(SELECT COUNT(*) FROM {Delivery._meta.db_table} d "
            "WHERE d.organization_id = r.organization_id AND d.supplier_id = r.supplier_id "
            f"AND d.received_date >= r.period_start AND d.received_date < {end} "
            "AND d.created_at >= %s)"
        )
        entered_params = [connection.ops.adapt_datetimefield_value(since)]
    else:
        entered, entered_params = "0", []
    changed = q.distinct_sql(connection, "r.score", "r.previous_score")
    where, params = _scope_where(scope, alias="r")
    cursor.execute(
        f"INSERT INTO {CHANGES} (organization_id, created_at, supplier_id, period_start, "
        "definition_id, old_score, new_score, old_standing, new_standing, cause, note, "
        "entered_count, run, actor_id) "
        "SELECT r.organization_id, %s, r.supplier_id, r.period_start, r.definition_id, "
        f"r.previous_score, r.score, r.previous_standing, r.standing, %s, %s, {entered}, "
        f"r.run, %s FROM {RESULTS} r WHERE r.organization_id = %s{where} AND r.run = %s "
        f"AND ({changed} OR r.standing <> r.previous_standing)",
        [
            now,
            cause,
            note[:300],
            *entered_params,
            getattr(actor, "pk", None),
            organization_id,
            *params,
            run,
        ],
    )
    return cursor.rowcount


def scorecards_recompute(
    *,
    organization: Organization,
    scope: Scope = Scope(),
    cause: str = ChangeCause.RECALCULATED,
    note: str = "",
    actor: User | None = None,
    entered_since: datetime | None = None,
    consequences: bool = True,
    today: date | None = None,
) -> Summary:
    """Recompute the scores in ``scope`` with the definition in force; record what moved.
    ``today`` (the organisation's by default) decides which requests are past due."""
    definition = current_definition(organization=organization)
    if definition is None or scope.is_empty:
        return Summary()
    with org_scope(organization):
        criteria = list(definition.criteria.order_by("id"))
    sources = [SOURCES[key] for key in dict.fromkeys(METRICS[c.metric].source for c in criteria)]
    parameters = {
        "tolerance_days": max(
            (c.tolerance_days for c in criteria if METRICS[c.metric].has_tolerance), default=0
        ),
        "today": today or organization_today(organization),
    }
    run = uuid4().hex
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    common = {"organization_id": organization.pk, "definition": definition, "run": run}
    with transaction.atomic(), connection.cursor() as cursor:
        with q.sorted_aggregation(connection):
            written = _upsert(
                cursor,
                sources,
                criteria=criteria,
                scope=scope,
                now=now,
                parameters=parameters,
                **common,
            )
        changes = _record_changes(
            cursor,
            scope=scope,
            now=now,
            cause=cause,
            note=note,
            actor=actor,
            since=entered_since,
            **common,
        )
        if consequences and changes:
            from suppliers.services.scorecards.consequences import (
                consequences_apply,
                proposals_withdraw_recovered,
            )

            consequences_apply(organization=organization, definition=definition, run=run)
            proposals_withdraw_recovered(organization=organization, definition=definition, run=run)
        if written or changes:
            # Scores are not audited records: figures kept from them are read again, in
            # this transaction and, once the scores are committed, in every other.
            records_recalculated(organization.pk)
            transaction.on_commit(partial(records_recalculated, organization.pk))
    return Summary(run=run, written=written, changes=changes, definition=definition)


def scorecards_recompute_for_facts(
    *,
    organization: Organization,
    actor: User | None,
    facts: Iterable[Any],
    cause: str,
    since: datetime | None = None,
) -> Summary:
    """After facts are entered, changed or deleted (deliveries, a questionnaire accepted, a
    corrective action request answered): recompute the periods they fall in, for their
    suppliers. ``facts`` are (supplier id, date) pairs: a delivery's received date, a
    questionnaire's review date, a request's due date."""
    definition = current_definition(organization=organization)
    if definition is None or not facts:
        return Summary()
    pairs = {(supplier_id, period_start_of(day, definition.period)) for supplier_id, day in facts}
    labels = sorted({start for _supplier, start in pairs})
    note = ""
    if cause == ChangeCause.DELIVERIES_ENTERED and since is not None:
        note = f"entered on {timezone.localtime(since):%d %b %Y}"
    elif labels:
        note = ", ".join(period_label(start, definition.period) for start in labels[:6])
    return scorecards_recompute(
        organization=organization,
        scope=Scope(
            supplier_ids=tuple(sorted({supplier for supplier, _start in pairs})),
            period_starts=tuple(labels),
        ),
        cause=cause,
        note=note,
        actor=actor,
        entered_since=since,
    )
