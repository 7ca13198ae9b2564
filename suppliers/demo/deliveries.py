"""Demo deliveries: two years of receipts from the demo suppliers that have traded with us
(approved, conditionally approved, suspended), about fifteen each. Most arrive on time or
early; some are late, some partly rejected, a few over-delivered. Suppliers that already
have deliveries are left as they are, so seeding again adds nothing."""

import random
from datetime import timedelta
from decimal import Decimal

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Delivery, Supplier
from suppliers.services import deliveries as services

TRADING = ("approved", "conditionally_approved", "suspended")
PER_SUPPLIER = 15
ITEMS = [
    "Bracket BR-220",
    "Flange FL-80",
    "Shaft SH-12",
    "Bolt M8x40",
    "Housing HS-3",
    "Gasket GK-50",
    "Bearing 6204",
    "Steel sheet 2 mm (kg)",
]
REASONS = [
    "Dimensions out of tolerance",
    "Surface damage in transit",
    "Missing certificate of conformity",
    "Wrong material grade",
]


@register
def seed(organization):
    actor = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
    )
    actor = actor.user if actor else None
    rng = random.Random(f"deliveries-{organization.slug}")  # noqa: S311 (demo data)
    today = organization_today(organization)
    supplied = set(Delivery.objects.values_list("supplier_id", flat=True).distinct())
    items = []
    suppliers = Supplier.objects.filter(status__in=TRADING).exclude(pk__in=supplied)
    for supplier in suppliers.order_by("code"):
        # A suspended supplier is the one that was often late and rejected.
        late_odds = 0.45 if supplier.status == "suspended" else 0.12
        reject_odds = 0.35 if supplier.status == "suspended" else 0.08
        for n in range(PER_SUPPLIER):
            promised = today - timedelta(days=rng.randint(5, 730))
            if rng.random() < late_odds:
                received = promised + timedelta(days=rng.randint(1, 21))
            else:
                received = promised - timedelta(days=rng.randint(0, 4))
            received = min(received, today)
            ordered = Decimal(rng.choice([10, 25, 50, 100, 200, 500]))
            received_qty = ordered + (Decimal(rng.randint(1, 5)) if rng.random() < 0.05 else 0)
            rejected = Decimal(0)
            reason = ""
            if rng.random() < reject_odds:
                rejected = Decimal(max(1, int(received_qty * Decimal(rng.uniform(0.02, 0.2)))))
                reason = rng.choice(REASONS)
            values = {
                "supplier": supplier,
                "order_reference": f"PO-{promised:%y%m}-{supplier.pk:03d}{n:02d}",
                "item": rng.choice(ITEMS),
                "promised_date": promised,
                "received_date": received,
                "quantity_ordered": ordered,
                "quantity_received": received_qty,
                "quantity_rejected": rejected,
                "rejection_reason": reason,
            }
            items.append(services.Item(position=len(items), values=values))
    if items:
        services.deliveries_write_many(
            organization=organization, actor=actor, items=items, reason="Demo data"
        )
