from datetime import date
from decimal import Decimal

from customers.services import revenue as services
from parties.models import Party
from relmgmt.core.scoping import org_scope


def customer(organization, name, **fields):
    with org_scope(organization):
        return Party.objects.create(
            organization=organization, name=name, types=["customer"], **fields
        )


def revenue(organization, party, start, amount, *, kind="month", spend=None, margin=None):
    return services.revenue_create(
        organization=organization,
        actor=None,
        data={
            "party": party,
            "period_start": start,
            "period_kind": kind,
            "amount": Decimal(amount),
            "category_spend": None if spend is None else Decimal(spend),
            "margin": None if margin is None else Decimal(margin),
        },
    )


def quarter(year, number):
    return date(year, 3 * number - 2, 1)
