"""What a re-evaluation or a performance review copies of a supplier's standing on the day:
its scorecard and its questionnaire. Each is ONE function, so that the scorecard and
questionnaire areas plug in by changing only its body.

Until scorecards exist, ``scorecard_snapshot`` records the delivery figures a scorecard
would be built on (the last twelve months: receipts, on time, in full, rejected parts per
million), marked ``"source": "deliveries"``. Until questionnaires exist,
``questionnaire_snapshot`` records that there is none (``"source": "none"``).
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from parties.services.register import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import Delivery, Supplier

WINDOW_DAYS = 365


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def scorecard_snapshot(supplier: Supplier) -> dict:
    """The supplier's scorecard as it stands today, as plain JSON (one query)."""
    organization = supplier.organization
    today = organization_today(organization)
    since = today - timedelta(days=WINDOW_DAYS)
    with org_scope(organization):
        figures = Delivery.objects.filter(
            organization_id=supplier.organization_id,
            supplier_id=supplier.pk,
            received_date__gt=since,
            received_date__lte=today,
        ).aggregate(
            deliveries=Count("id"),
            on_time=Count("id", filter=Q(received_date__lte=F("promised_date"))),
            in_full=Count("id", filter=Q(quantity_received__gte=F("quantity_ordered"))),
            received=Sum("quantity_received"),
            rejected=Sum("quantity_rejected"),
        )
    count = figures["deliveries"]
    received = figures["received"] or Decimal(0)
    rejected = figures["rejected"] or Decimal(0)
    return {
        "source": "deliveries",
        "taken_on": today.isoformat(),
        "period": {"from": (since + timedelta(days=1)).isoformat(), "to": today.isoformat()},
        "deliveries": count,
        "on_time_percent": _percent(figures["on_time"], count),
        "in_full_percent": _percent(figures["in_full"], count),
        "rejected_ppm": int(rejected * 1_000_000 / received) if received else None,
        "no_data": count == 0,
    }


def questionnaire_snapshot(supplier: Supplier) -> dict:
    """The supplier's latest scored questionnaire, as plain JSON (none recorded yet)."""
    return {"source": "none", "note": "No questionnaire is recorded for this supplier."}
