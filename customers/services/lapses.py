"""Customers lost by the revenue gap get a follow-up: the daily job finds each customer
whose last revenue is followed by the organisation's number of whole quarters without any
(the figures' setting, in quarters, their default periods), records a note on the party and
gives its owner a follow-up to try to win it back. Once per gap: revenue after it and a new
gap make a new one. A customer marked lost after its last revenue is left alone (marking it
lost is how that was learned)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max

from customers import settings as customer_settings
from customers.models import Lapse, Loss, Revenue
from customers.selectors.periods import QUARTER, Period, index_of
from parties.models import Interaction, Party
from parties.services import interactions as interaction_services
from relmgmt.audit.context import acting_as
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

FOLLOW_UP_DAYS = 14


def lapsed_customers(*, organization: Organization, today: date) -> dict[int, int]:
    """Per customer lost by the gap and not yet followed up: its last month with revenue."""
    quarters = customer_settings.lost_after(organization)
    # Lost once ``quarters`` whole quarters have passed after the quarter of the last revenue.
    before = (index_of(today, QUARTER) - quarters) * 3
    last = dict(
        Revenue.objects.filter(organization=organization, amount__gt=0)
        .values("party")
        .annotate(last=Max("month_index"))
        .filter(last__lt=before)
        .values_list("party", "last")
    )
    marked = dict(
        Loss.objects.filter(organization=organization, party__in=list(last))
        .values("party")
        .annotate(last=Max("month_index"))
        .values_list("party", "last")
    )
    noticed = set(
        Lapse.objects.filter(organization=organization, party__in=list(last)).values_list(
            "party", "last_month_index"
        )
    )
    return {
        party: month
        for party, month in last.items()
        if marked.get(party, -1) < month and (party, month) not in noticed
    }


def lapses_follow_up(*, organization: Organization, today: date | None = None) -> list[Lapse]:
    """Note each newly lapsed customer on its party and give its owner a follow-up (due in
    two weeks); a party without an owner gets the note only. Returns what was noticed."""
    today = today or organization_today(organization)
    quarters = customer_settings.lost_after(organization)
    made = []
    with org_scope(organization), acting_as(None, label="customer figures", source="task"):
        found = lapsed_customers(organization=organization, today=today)
        parties = Party.objects.filter(organization=organization, pk__in=list(found))
        for party in parties.select_related("owner").order_by("name"):
            month = found[party.pk]
            last = Period(QUARTER, month // 3)
            lost_from = Period(QUARTER, last.index + quarters)  # as the figures count it
            with transaction.atomic():
                note = interaction_services.interaction_create(
                    organization=organization,
                    actor=None,
                    party=party,
                    data={
                        "kind": Interaction.Kind.NOTE,
                        "occurred_on": today,
                        "summary": f"Customer lost from {lost_from.label}: no revenue for "
                        f"{quarters} quarter{'s' if quarters != 1 else ''} after {last.label}.",
                    },
                )
                follow_up = None
                if party.owner is not None:
                    follow_up = interaction_services.follow_up_create(
                        organization=organization,
                        actor=None,
                        interaction=note,
                        data={
                            "description": f"Talk to {party.name} about winning them back "
                            f"(no revenue since {last.label})"[:500],
                            "owner": party.owner,
                            "due_on": today + timedelta(days=FOLLOW_UP_DAYS),
                        },
                    )
                made.append(
                    Lapse.objects.create(
                        organization=organization,
                        party=party,
                        last_month_index=month,
                        noticed_on=today,
                        follow_up=follow_up,
                    )
                )
    return made
