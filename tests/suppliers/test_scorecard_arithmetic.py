"""Scorecard arithmetic against hand-computed cases: no data, late data, all rejected,
weights and their re-normalisation, the on-time tolerance."""

from datetime import date
from decimal import Decimal

import pytest

from relmgmt.core.scoping import org_scope
from suppliers.models import ScorecardResult, ScoreChange
from suppliers.services import deliveries as delivery_services
from suppliers.services.scorecards import definitions


@pytest.fixture
def supplier(org, make_supplier):
    return make_supplier(org, code="SUP-1", name="Northwind Castings")


def deliver(org, manager, supplier, *, promised, received, ordered=100, got=None, rejected=0):
    return delivery_services.delivery_create(
        organization=org,
        actor=manager.user,
        data={
            "supplier": supplier,
            "order_reference": "PO-1",
            "item": "Bracket",
            "promised_date": promised,
            "received_date": received,
            "quantity_ordered": Decimal(ordered),
            "quantity_received": Decimal(ordered if got is None else got),
            "quantity_rejected": Decimal(rejected),
            "rejection_reason": "Out of tolerance" if rejected else "",
        },
    )


def only_otif_and_ppm(org, manager, *, tolerance=0, period="monthly"):
    return definitions.definition_save(
        organization=org,
        actor=manager.user,
        period=period,
        criteria=[
            {"metric": "otif", "weight": 60, "tolerance_days": tolerance},
            {"metric": "defect_ppm", "weight": 40},
        ],
    )


def result(org, supplier, start):
    with org_scope(org):
        return ScorecardResult.objects.filter(supplier=supplier, period_start=start).first()


def test_a_month_without_deliveries_has_no_result_and_a_month_with_some_is_scored(
    org, manager, supplier
):
    only_otif_and_ppm(org, manager)
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 9))
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 12))
    march = result(org, supplier, date(2026, 3, 1))
    # OTIF 50% -> 0 points (50 to 100 maps to 0 to 100); PPM 0 -> 100 points.
    assert march.otif_value == 50 and march.otif_points == 0
    assert march.defect_ppm_points == 100
    assert march.score == 40.0  # (60 * 0 + 40 * 100) / 100
    assert march.standing == "poor"
    assert result(org, supplier, date(2026, 2, 1)) is None


def test_tolerance_counts_slightly_late_deliveries_as_on_time(org, manager, supplier):
    only_otif_and_ppm(org, manager, tolerance=2)
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 12))
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 13))
    march = result(org, supplier, date(2026, 3, 1))
    assert march.on_time_in_full_count == 1 and march.late_count == 2
    assert march.otif_value == 50


def test_all_rejected_scores_zero_for_defects(org, manager, supplier):
    only_otif_and_ppm(org, manager)
    deliver(
        org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 1), rejected=100
    )
    march = result(org, supplier, date(2026, 3, 1))
    assert march.defect_ppm_value == 1_000_000 and march.defect_ppm_points == 0
    assert march.score == 60.0  # OTIF 100% (on time, in full by quantity received)


def test_criteria_without_data_are_left_out_and_weights_renormalised(org, manager, supplier):
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="monthly",
        criteria=[
            {"metric": "otif", "weight": 50},
            {"metric": "manual_rating", "weight": 50},
        ],
    )
    definitions.manual_rating_save(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        period_start=date(2026, 4, 1),
        rating=4,
    )
    april = result(org, supplier, date(2026, 4, 1))
    assert april.otif_points is None  # no deliveries: no data, neither 0 nor 100
    assert april.manual_rating_points == 75.0
    assert april.score == 75.0


def test_late_entries_recompute_their_period_and_record_the_cause(org, manager, supplier):
    only_otif_and_ppm(org, manager)
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 9))
    assert result(org, supplier, date(2026, 3, 1)).score == 100
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 20))
    march = result(org, supplier, date(2026, 3, 1))
    assert march.score == 40.0
    with org_scope(org):
        change = ScoreChange.objects.filter(supplier=supplier).order_by("-id").first()
    assert (change.old_score, change.new_score) == (100, 40)
    assert change.cause == "deliveries_entered" and change.entered_count == 1


def test_quarterly_periods_and_variability(org, manager, supplier):
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="quarterly",
        criteria=[{"metric": "days_late", "weight": 50}, {"metric": "days_late_sd", "weight": 50}],
    )
    # received - promised: -2, 0, +4 days -> mean late (0+0+4)/3, SD of (-2, 0, 4).
    deliver(org, manager, supplier, promised=date(2026, 1, 10), received=date(2026, 1, 8))
    deliver(org, manager, supplier, promised=date(2026, 2, 10), received=date(2026, 2, 10))
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 14))
    q1 = result(org, supplier, date(2026, 1, 1))
    assert q1.delivery_count == 3
    assert q1.days_late_value == pytest.approx(4 / 3)
    mean = 2 / 3
    sd = (((-2 - mean) ** 2 + (0 - mean) ** 2 + (4 - mean) ** 2) / 3) ** 0.5
    assert q1.days_late_sd_value == pytest.approx(sd)
    assert q1.days_late_points == pytest.approx(100 - 10 * 4 / 3, abs=0.01)


def test_deleting_the_only_delivery_makes_the_period_no_data(org, manager, supplier):
    only_otif_and_ppm(org, manager)
    delivery = deliver(
        org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 9)
    )
    delivery_services.delivery_delete(
        organization=org, actor=manager.user, delivery=delivery, reason="Typo"
    )
    march = result(org, supplier, date(2026, 3, 1))
    assert march.score is None and march.standing == ""


def test_weights_must_add_up_to_100(org, manager):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        definitions.definition_save(
            organization=org,
            actor=manager.user,
            period="monthly",
            criteria=[{"metric": "otif", "weight": 60}, {"metric": "defect_ppm", "weight": 30}],
        )
    assert "add up to 90" in str(error.value)


def test_a_recalculation_that_finds_nothing_new_writes_nothing(org, manager, supplier):
    from suppliers.services.scorecards import recompute as scorecard_recompute

    only_otif_and_ppm(org, manager)
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 12))
    before = result(org, supplier, date(2026, 3, 1))
    summary = scorecard_recompute.scorecards_recompute(organization=org)
    assert (summary.written, summary.changes) == (0, 0)
    after = result(org, supplier, date(2026, 3, 1))
    assert (after.run, after.computed_at, after.score) == (before.run, before.computed_at, 40.0)
    # A new version of the definition rewrites every result, even with the same score.
    only_otif_and_ppm(org, manager, tolerance=1)
    rewritten = result(org, supplier, date(2026, 3, 1))
    assert rewritten.definition_id != before.definition_id and rewritten.run != before.run


def test_the_facts_of_a_metric_left_out_are_cleared_when_the_definition_changes(
    org, manager, supplier
):
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="monthly",
        criteria=[{"metric": "otif", "weight": 50}, {"metric": "manual_rating", "weight": 50}],
    )
    definitions.manual_rating_save(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        period_start=date(2026, 4, 1),
        rating=5,
    )
    assert result(org, supplier, date(2026, 4, 1)).score == 100
    only_otif_and_ppm(org, manager)
    april = result(org, supplier, date(2026, 4, 1))
    assert (april.rating_count, april.manual_rating_value, april.score) == (0, None, None)


@pytest.mark.parametrize(
    ("value", "rounded"), [(68.625, 68.63), (0.145, 0.15), (99.994, 99.99), (0.0, 0.0)]
)
def test_points_and_scores_round_half_up_alike_on_every_database(value, rounded, db):
    from django.db import connection

    from suppliers.services.scorecards import sql as scorecard_sql

    with connection.cursor() as cursor:
        points = scorecard_sql.real_sql("%s")  # as in the recalculation: floating point
        cursor.execute(f"SELECT {scorecard_sql.round_sql(connection, points)}", [value])
        assert cursor.fetchone()[0] == pytest.approx(rounded, abs=1e-9)


def test_scores_rewritten_without_an_audit_event_move_what_figures_are_kept_under(
    org, manager, supplier
):
    from relmgmt.audit.selectors import trail_head
    from relmgmt.core.remembered import records_state, remembered
    from suppliers.services.scorecards import recompute as scorecard_recompute

    only_otif_and_ppm(org, manager)
    deliver(org, manager, supplier, promised=date(2026, 3, 10), received=date(2026, 3, 12))
    state, head = records_state(org), trail_head(organization=org)
    assert remembered("scored", org, lambda: 1) == 1
    assert scorecard_recompute.scorecards_recompute(organization=org).written == 0
    assert records_state(org) == state and remembered("scored", org, lambda: 2) == 1

    with org_scope(org):
        ScorecardResult.objects.filter(organization=org).delete()  # not an audited record
    assert scorecard_recompute.scorecards_recompute(organization=org).written == 1
    assert trail_head(organization=org) == head
    assert records_state(org) != state and remembered("scored", org, lambda: 3) == 3
