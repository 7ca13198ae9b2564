"""Recalculating supplier scorecards: set-based SQL, never a query per supplier.

One run, for a scope (all, or some suppliers and periods), inside one transaction:

1. *reset*: the scope's existing results keep their score as ``previous_score`` and lose
   their inputs (a period whose deliveries were all deleted must come out as "no data");
2. *sources*: one grouped query per source of facts (all the delivery metrics share one
   pass over the deliveries), upserted into the results (``INSERT ... SELECT ... ON
   CONFLICT DO UPDATE``, the same on SQLite and PostgreSQL);
3. *score*: one ``UPDATE ... FROM`` computes each metric's value and points (linear
   between the criterion's 0-point and 100-point values, clamped), the score (the
   weighted mean of the criteria that have data, weights re-normalised; NULL when none
   has) and the standing;
4. *changes*: one ``INSERT ... SELECT`` records every score or standing that moved, with
   the cause (and, for deliveries entered, how many of the period's were);
5. *consequences* of new standings in each supplier's latest scored period (few rows).
"""

from dataclasses import dataclass
from datetime import date, datetime
from uuid import uuid4

from django.db import connection, transaction
from django.utils import timezone

from relmgmt.core.scoping import org_scope
from suppliers import scorecard_sql as q
from suppliers.models_deliveries import Delivery
from suppliers.models_scorecards import (
    ChangeCause,
    ScorecardDefinition,
    ScorecardResult,
    ScoreChange,
)
from suppliers.scorecard_metrics import METRICS, SOURCES
from suppliers.services.scorecard_periods import period_start_of

RESULTS = ScorecardResult._meta.db_table
CHANGES = ScoreChange._meta.db_table
SOURCE_COLUMNS = [column for source in SOURCES.values() for column in source.columns]


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
    results: int = 0
    changes: int = 0
    definition: ScorecardDefinition | None = None


def current_definition(*, organization) -> ScorecardDefinition | None:
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


def _reset(cursor, *, organization_id, definition, scope, run, now) -> None:
    defaults = {
        column: value for source in SOURCES.values() for column, value in source.defaults.items()
    }
    where, params = _scope_where(scope)
    assignments = ", ".join(f"{column} = %s" for column in defaults)
    cursor.execute(
        f"UPDATE {RESULTS} SET previous_score = score, previous_standing = standing, "
        f"run = %s, computed_at = %s, definition_id = %s, {assignments} "
        f"WHERE organization_id = %s{where}",
        [run, now, definition.pk, *defaults.values(), organization_id, *params],
    )


def _upsert_source(cursor, source, *, organization_id, definition, scope, run, now, parameters):
    select, select_params = source.select(
        connection,
        organization_id=organization_id,
        period=definition.period,
        scope=scope,
        parameters=parameters,
    )
    defaults = {
        column: value
        for other in SOURCES.values()
        if other.key != source.key
        for column, value in other.defaults.items()
    }
    columns = [
        "organization_id",
        "created_at",
        "supplier_id",
        "period_start",
        "definition_id",
        "run",
        "computed_at",
        "standing",
        "previous_standing",
        *source.columns,
        *defaults,
    ]
    values = ["%s", "%s", "g.supplier_id", "g.period_start", "%s", "%s", "%s", "''", "''"]
    values += [f"g.{column}" for column in source.columns] + ["%s"] * len(defaults)
    updates = ", ".join(
        f"{column} = excluded.{column}"
        for column in (*source.columns, "run", "computed_at", "definition_id")
    )
    cursor.execute(
        f"INSERT INTO {RESULTS} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM ({select}) g WHERE 1 = 1 "
        f"ON CONFLICT (organization_id, supplier_id, period_start) DO UPDATE SET {updates}",
        [
            organization_id,
            now,
            definition.pk,
            run,
            now,
            *defaults.values(),
            *select_params,
        ],
    )


def _score(cursor, *, organization_id, definition, criteria, run) -> None:
    """Values, points, score and standing of every result of the run, in one statement."""
    weights = {criterion.metric: criterion for criterion in criteria}
    layer1 = ", ".join(f"{m.value_sql} AS {m.value_column}" for m in METRICS.values())
    raw, raw_params = [], []
    for metric in METRICS.values():
        criterion = weights.get(metric.key)
        if criterion is None:
            raw.append(f"{q.null_float(connection)} AS r_{metric.key}")
            continue
        zero = float(criterion.zero_points_at)
        span = float(criterion.full_points_at) - zero
        raw.append(
            f"CASE WHEN {metric.value_column} IS NULL THEN NULL "
            f"ELSE 100.0 * ({metric.value_column} - %s) / %s END AS r_{metric.key}"
        )
        raw_params += [zero, span]
    values = ", ".join(m.value_column for m in METRICS.values())
    layer3 = ", ".join(
        q.round_sql(
            connection,
            f"CASE WHEN r_{m.key} < 0 THEN 0 WHEN r_{m.key} > 100 THEN 100 ELSE r_{m.key} END",
        )
        + f" AS {m.points_column}"
        for m in METRICS.values()
    )
    points = ", ".join(m.points_column for m in METRICS.values())
    if weights:
        total = " + ".join(
            f"{int(c.weight)} * COALESCE({METRICS[c.metric].points_column}, 0)" for c in criteria
        )
        counted = " + ".join(
            f"CASE WHEN {METRICS[c.metric].points_column} IS NULL THEN 0 ELSE {int(c.weight)} END"
            for c in criteria
        )
        score = q.round_sql(connection, f"1.0 * ({total}) / NULLIF({counted}, 0)")
    else:
        score = q.null_float(connection)
    assignments = ", ".join(
        f"{column} = c.{column}"
        for m in METRICS.values()
        for column in (m.value_column, m.points_column)
    )
    cursor.execute(
        f"UPDATE {RESULTS} SET {assignments}, score = c.score, standing = c.standing FROM ("
        f"SELECT id, {values}, {points}, score, CASE WHEN score IS NULL THEN '' "
        "WHEN score >= %s THEN 'excellent' WHEN score >= %s THEN 'good' "
        "WHEN score >= %s THEN 'needs_improvement' ELSE 'poor' END AS standing FROM ("
        f"SELECT id, {values}, {points}, {score} AS score FROM ("
        f"SELECT id, {values}, {layer3} FROM ("
        f"SELECT id, {values}, {', '.join(raw)} FROM ("
        f"SELECT id, {layer1} FROM {RESULTS} WHERE organization_id = %s AND run = %s"
        ") l1) l2) l3) l4) c "
        f"WHERE {RESULTS}.id = c.id",
        [
            float(definition.excellent_from),
            float(definition.good_from),
            float(definition.needs_improvement_from),
            *raw_params,
            organization_id,
            run,
        ],
    )


def _record_changes(cursor, *, organization_id, definition, run, now, cause, note, actor, since):
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
    cursor.execute(
        f"INSERT INTO {CHANGES} (organization_id, created_at, supplier_id, period_start, "
        "definition_id, old_score, new_score, old_standing, new_standing, cause, note, "
        "entered_count, run, actor_id) "
        "SELECT r.organization_id, %s, r.supplier_id, r.period_start, r.definition_id, "
        f"r.previous_score, r.score, r.previous_standing, r.standing, %s, %s, {entered}, "
        f"r.run, %s FROM {RESULTS} r WHERE r.organization_id = %s AND r.run = %s "
        f"AND ({changed} OR r.standing <> r.previous_standing)",
        [
            now,
            cause,
            note[:300],
            *entered_params,
            getattr(actor, "pk", None),
            organization_id,
            run,
        ],
    )
    return cursor.rowcount


def scorecards_recompute(
    *,
    organization,
    scope: Scope = Scope(),
    cause: str = ChangeCause.RECALCULATED,
    note: str = "",
    actor=None,
    entered_since: datetime | None = None,
    progress=None,
    consequences: bool = True,
) -> Summary:
    """Recompute the scores in ``scope`` with the definition in force; record what moved."""
    definition = current_definition(organization=organization)
    if definition is None or scope.is_empty:
        return Summary()
    with org_scope(organization):
        criteria = list(definition.criteria.order_by("id"))
    sources = [SOURCES[key] for key in dict.fromkeys(METRICS[c.metric].source for c in criteria)]
    parameters = {
        "tolerance_days": max(
            (c.tolerance_days for c in criteria if METRICS[c.metric].has_tolerance), default=0
        )
    }
    run = uuid4().hex
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    common = {"organization_id": organization.pk, "definition": definition, "run": run}
    steps = 2 + len(sources)
    with transaction.atomic(), connection.cursor() as cursor:
        _reset(cursor, scope=scope, now=now, **common)
        _report(progress, 1, steps)
        for number, source in enumerate(sources, start=2):
            _upsert_source(cursor, source, scope=scope, now=now, parameters=parameters, **common)
            _report(progress, number, steps)
        _score(cursor, criteria=criteria, **common)
        cursor.execute(
            f"SELECT COUNT(*) FROM {RESULTS} WHERE organization_id = %s AND run = %s",
            [organization.pk, run],
        )
        results = cursor.fetchone()[0]
        changes = _record_changes(
            cursor,
            now=now,
            cause=cause,
            note=note,
            actor=actor,
            since=entered_since,
            **common,
        )
        if consequences and changes:
            from suppliers.services.scorecard_consequences import consequences_apply

            consequences_apply(organization=organization, definition=definition, run=run)
    _report(progress, steps, steps)
    return Summary(run=run, results=results, changes=changes, definition=definition)


def _report(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(int(100 * done / total))


def scorecards_recompute_for_deliveries(
    *, organization, actor, facts, cause: str, since: datetime | None = None
) -> Summary:
    """After deliveries are entered, changed or deleted: recompute the periods they fall
    in, for their suppliers. ``facts`` are (supplier id, received date) pairs."""
    definition = current_definition(organization=organization)
    if definition is None or not facts:
        return Summary()
    pairs = {(supplier_id, period_start_of(day, definition.period)) for supplier_id, day in facts}
    labels = sorted({start for _supplier, start in pairs})
    note = ""
    if cause == ChangeCause.DELIVERIES_ENTERED and since is not None:
        note = f"entered on {timezone.localtime(since):%d %b %Y}"
    elif labels:
        from suppliers.services.scorecard_periods import period_label

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
