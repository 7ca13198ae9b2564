"""Property tests of the scorecard arithmetic: whatever the deliveries, every score and
every criterion's points stay within 0-100, and the scores do not depend on the order the
deliveries were entered in."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relmgmt.core.scoping import org_scope
from suppliers.models import ScorecardResult
from suppliers.models.metrics import METRICS
from suppliers.services import deliveries as delivery_services
from suppliers.services.scorecards import definitions
from suppliers.services.scorecards import recompute as scorecard_recompute

_codes = itertools.count(1)

delivery = st.fixed_dictionaries(
    {
        "promised": st.integers(min_value=0, max_value=150),
        "offset": st.integers(min_value=-10, max_value=40),
        "ordered": st.integers(min_value=1, max_value=500),
        "extra": st.integers(min_value=-50, max_value=20),
        "rejected_share": st.floats(min_value=0, max_value=1),
    }
)
PROPERTY_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def values(supplier, raw):
    promised = date(2026, 1, 1) + timedelta(days=raw["promised"])
    received = min(promised + timedelta(days=raw["offset"]), date(2026, 7, 31))
    got = max(0, raw["ordered"] + raw["extra"])
    rejected = int(got * raw["rejected_share"])
    return {
        "supplier": supplier,
        "order_reference": "PO-1",
        "item": "Part",
        "promised_date": promised,
        "received_date": received,
        "quantity_ordered": Decimal(raw["ordered"]),
        "quantity_received": Decimal(got),
        "quantity_rejected": Decimal(rejected),
        "rejection_reason": "Bad" if rejected else "",
    }


def scores(org, supplier):
    with org_scope(org):
        return {
            result.period_start: (
                result.score,
                result.standing,
                *(getattr(result, m.points_column) for m in METRICS.values()),
            )
            for result in ScorecardResult.objects.filter(supplier=supplier)
        }


def setup(org, manager):
    if scorecard_recompute.current_definition(organization=org) is None:
        definitions.definition_save(
            organization=org,
            actor=manager.user,
            period="monthly",
            criteria=[
                {"metric": "otif", "weight": 30, "tolerance_days": 2},
                {"metric": "defect_ppm", "weight": 30},
                {"metric": "days_late", "weight": 20},
                {"metric": "days_late_sd", "weight": 20},
            ],
        )


@PROPERTY_SETTINGS
@given(raw=st.lists(delivery, min_size=1, max_size=6), seed=st.randoms(use_true_random=False))
def test_scores_stay_within_0_and_100_and_ignore_the_order_of_entry(
    org, manager, make_supplier, raw, seed
):
    setup(org, manager)
    first = make_supplier(org, code=f"P{next(_codes):05d}")
    second = make_supplier(org, code=f"P{next(_codes):05d}")
    for item in raw:
        delivery_services.delivery_create(
            organization=org, actor=manager.user, data=values(first, item)
        )
    shuffled = list(raw)
    seed.shuffle(shuffled)
    for item in shuffled:
        delivery_services.delivery_create(
            organization=org, actor=manager.user, data=values(second, item)
        )
    in_order, out_of_order = scores(org, first), scores(org, second)
    assert in_order == out_of_order
    for score, _standing, *points in in_order.values():
        assert score is None or 0 <= score <= 100
        assert all(p is None or 0 <= p <= 100 for p in points)
