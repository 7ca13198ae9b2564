"""Demo revenue: two years of monthly revenue for the register's customers, some of them
lost (the revenue stops; one marked lost with its reason), one won back after a pause."""

from datetime import date
from decimal import Decimal

from customers.models import Revenue
from customers.models.revenue import month_index
from customers.services import lapses
from customers.services import revenue as services
from parties.models import Party
from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register


@register
def seed(organization):
    if Revenue.objects.filter(organization=organization).exists():
        return
    customers = list(
        Party.objects.filter(organization=organization).order_by("id").only("id", "name", "types")
    )
    customers = [party for party in customers if "customer" in (party.types or [])][:8] or (
        customers[:6]
    )
    if not customers:
        return
    today = organization_today(organization)
    last = month_index(today) - 1  # the last full month
    months = [last - 23 + n for n in range(24)]
    items = []
    for number, party in enumerate(customers):
        base = 4000 + 1500 * number
        for position, index in enumerate(months):
            if number == 1 and position >= 14:
                continue  # lost: stops buying after 14 months
            if number == 2 and 8 <= position < 16:
                continue  # pauses eight months, then won back
            if number == 3 and position >= 18:
                continue  # marked lost below
            amount = Decimal(base + (position * 37 * (number + 1)) % 900)
            items.append(
                services.Item(
                    position=len(items),
                    values={
                        "party": party,
                        "period_start": date(index // 12, index % 12 + 1, 1),
                        "period_kind": "month",
                        "amount": amount,
                        "category_spend": amount * 3 if number % 2 == 0 else None,
                        "margin": (amount * Decimal("0.22")).quantize(Decimal("0.01")),
                    },
                )
            )
    services.revenues_write_many(
        organization=organization, actor=None, items=items, reason="Demo data"
    )
    if len(customers) > 3:
        index = months[18]
        services.loss_mark(
            organization=organization,
            actor=None,
            party=customers[3],
            lost_on=date(index // 12, index % 12 + 1, 1),
            reason="Moved its sourcing to a competitor after a price review.",
            learned_by="meeting",
        )
    # The one that stopped buying is lost by the gap: its owner gets a follow-up.
    lapses.lapses_follow_up(organization=organization, today=today)
