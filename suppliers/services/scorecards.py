"""Recalculating supplier scorecards: set-based SQL, never a query per supplier.

One run, for a scope (all, or some suppliers and periods), inside one transaction:

1. *sources*: one grouped query per source of facts (all the delivery metrics share one
   pass over the deliveries), upserted into the results (``INSERT ... SELECT ... ON
   CONFLICT DO UPDATE``, the same on SQLite and PostgreSQL); a row's first write of the
   run keeps its old score as ``previous_score``;
2. *stale*: results in scope that no source wrote lost their facts (deliveries deleted):
   their inputs are cleared, so they come out as "no data";
3. *score*: three UPDATEs of the run's rows compute each metric's value and points (linear
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

from parties.services.register import organization_today
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


def _all_defaults() -> dict:
    return {
        column: value for source in SOURCES.values() for column, value in source.defaults.items()
    }


def _upsert_source(cursor, source, *, organization_id, definition, scope, run, now, parameters):
    """Upsert one source's aggregates. The first write of a row in a run keeps its score as
    ``previous_score`` and clears the other sources' inputs (a later source of the same
    run fills its own); so no separate reset pass over the results is needed."""
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
    first = f"{RESULTS}.run <> excluded.run"
    updates = [f"{column} = excluded.{column}" for column in source.columns]
    updates += [
        f"{column} = CASE WHEN {first} THEN excluded.{column} ELSE {RESULTS}.{column} END"
        for column in defaults
    ]
    updates += [
        f"previous_score = CASE WHEN {first} THEN {RESULTS}.score "
        f"ELSE {RESULTS}.previous_score END",
        f"previous_standing = CASE WHEN {first} THEN {RESULTS}.standing "
        f"ELSE {RESULTS}.previous_standing END",
        "run = excluded.run",
        "computed_at = excluded.computed_at",
        "definition_id = excluded.definition_id",
    ]
    cursor.execute(
        f"INSERT INTO {RESULTS} ({', '.join(columns)}) SELECT {', '.join(values)} "
        f"FROM ({select}) g WHERE 1 = 1 "
        f"ON CONFLICT (organization_id, supplier_id, period_start) DO UPDATE SET "
        + ", ".join(updates),
        [organization_id, now, definition.pk, run, now, *defaults.values(), *select_params],
    )


def _clear_stale(cursor, *, organization_id, definition, scope, run, now) -> None:
    """Results in scope that no source wrote in this run lost their facts (deliveries
    deleted or moved): their inputs go, and the scoring makes them "no data"."""
    defaults = _all_defaults()
    where, params = _scope_where(scope)
    assignments = ", ".join(f"{column} = %s" for column in defaults)
    cursor.execute(
        f"UPDATE {RESULTS} SET previous_score = score, previous_standing = standing, "
        f"run = %s, computed_at = %s, definition_id = %s, {assignments} "
        f"WHERE organization_id = %s{where} AND run <> %s",
        [run, now, definition.pk, *defaults.values(), organization_id, *params, run],
    )


def _score(cursor, *, organization_id, definition, criteria, scope, run) -> int:
    """Values, points, then score and standing of the run's results: three linear passes
    (an UPDATE sees the row as it was, so each pass reads what the previous one wrote;
    inlining everything into one pass repeats the expressions and is slower on SQLite, and
    a joined UPDATE ... FROM slower still)."""
    weights = {criterion.metric: criterion for criterion in criteria}
    where, params = _scope_where(scope)
    where = f"WHERE organization_id = %s{where} AND run = %s"
    params = [organization_id, *params, run]
    values = ", ".join(f"{m.value_column} = {m.value_sql}" for m in METRICS.values())
    cursor.execute(f"UPDATE {RESULTS} SET {values} {where}", params)
    assignments = []
    for metric in METRICS.values():
        criterion = weights.get(metric.key)
        if criterion is None:
            assignments.append(f"{metric.points_column} = NULL")
            continue
        zero = float(criterion.zero_points_at)
        span = float(criterion.full_points_at) - zero
        raw = f"(100.0 * ({metric.value_column} - {zero!r}) / {span!r})"
        clamped = f"CASE WHEN {raw} < 0 THEN 0 WHEN {raw} > 100 THEN 100 ELSE {raw} END"
        assignments.append(f"{metric.points_column} = {q.round_sql(connection, clamped)}")
    cursor.execute(f"UPDATE {RESULTS} SET {', '.join(assignments)} {where}", params)
    if weights:
        total = " + ".join(
            f"{int(c.weight)} * COALESCE({METRICS[c.metric].points_column}, 0)" for c in criteria
        )
        counted = " + ".join(
            f"CASE WHEN {METRICS[c.metric].points_column} IS NULL THEN 0 ELSE {int(c.weight)} END"
            for c in criteria
        )
        score = f"({q.round_sql(connection, f'1.0 * ({total}) / NULLIF({counted}, 0)')})"
    else:
        score = q.null_float(connection)
    standing = (
        f"CASE WHEN {score} IS NULL THEN '' "
        f"WHEN {score} >= {float(definition.excellent_from)!r} THEN 'excellent' "
        f"WHEN {score} >= {float(definition.good_from)!r} THEN 'good' "
        f"WHEN {score} >= {float(definition.needs_improvement_from)!r} "
        "THEN 'needs_improvement' ELSE 'poor' END"
    )
    cursor.execute(f"UPDATE {RESULTS} SET score = {score}, standing = {standing} {where}", params)
    return cursor.rowcount


def _record_changes(
    cursor, *, organization_id, definition, scope, run, now, cause, note, actor, since
):
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
    organization,
    scope: Scope = Scope(),
    cause: str = ChangeCause.RECALCULATED,
    note: str = "",
    actor=None,
    entered_since: datetime | None = None,
    progress=None,
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
    steps = 2 + len(sources)
    with transaction.atomic(), connection.cursor() as cursor:
        for number, source in enumerate(sources, start=1):
            _upsert_source(cursor, source, scope=scope, now=now, parameters=parameters, **common)
            _report(progress, number, steps)
        _clear_stale(cursor, scope=scope, now=now, **common)
        results = _score(cursor, criteria=criteria, scope=scope, **common)
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
            from suppliers.services.scorecard_consequences import consequences_apply

            consequences_apply(organization=organization, definition=definition, run=run)
    _report(progress, steps, steps)
    return Summary(run=run, results=results, changes=changes, definition=definition)


def _report(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(int(100 * done / total))


def scorecards_recompute_for_facts(
    *, organization, actor, facts, cause: str, since: datetime | None = None
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
