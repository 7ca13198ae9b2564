"""Demo quality objectives over the last full quarter: one met, one not met, whatever the
demo data gives (the target is set from the measured value), and one running this year."""

from datetime import timedelta
from decimal import Decimal

from qms.demo.people import demo_manager
from qms.models import QualityObjective
from qms.selectors.periods import month_of
from qms.services import objectives as services
from relmgmt.core import extensions
from relmgmt.core.dates import add_months, organization_today
from relmgmt.demo.registry import register


def last_quarter(organization):
    today = organization_today(organization)
    first = month_of(today)[0]
    start = add_months(first, -((first.month - 1) % 3) - 3)
    return start, add_months(start, 3) - timedelta(days=1)


@register
def seed(organization):
    if QualityObjective.objects.filter(organization=organization).exists():
        return
    manager = demo_manager(organization)
    if manager is None:
        return
    start, end = last_quarter(organization)
    today = organization_today(organization)
    otif = extensions.kpis.get("otif").measure(organization, start, end)
    ppm = extensions.kpis.get("ppm").measure(organization, start, end)
    plans = [
        # Met: at or above a target a little under what was reached.
        ("Deliveries on time and in full", "otif", max((otif or 90) - 5, 0), start, end,
         "Weekly delivery review with the three suppliers with most late deliveries."),
        # Not met: defects above a target lower than what was reached.
        ("Fewer defective parts received", "ppm", max((ppm or 2000) * 0.5, 0), start, end,
         "Incoming inspection of the two suppliers with the most rejections; SCARs where "
         "the trend does not improve."),
        ("Customers recommend us", "nps", 30, today.replace(month=1, day=1),
         today.replace(month=12, day=31), "Call every detractor within a week."),
    ]  # fmt: skip
    for title, kpi, target, period_start, period_end, actions in plans:
        services.objective_create(
            organization=organization,
            actor=manager,
            data={
                "title": title,
                "kpi": kpi,
                "target": Decimal(str(round(target, 1))),
                "period_start": period_start,
                "period_end": period_end,
                "owner": manager,
                "actions": actions,
            },
        )
