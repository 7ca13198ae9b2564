"""Reads of risks and opportunities, with their rating and band computed in the query."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, QuerySet, Value, When

from parties.models import Party, Risk
from parties.risk_rating import BAND, RATING

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

OPEN_FIRST = Case(
    When(status=Risk.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def risks(*, organization: Organization, party: Party | None = None) -> QuerySet[Risk]:
    """Every risk and opportunity, highest rating first, annotated with ``risk_rating``
    (likelihood x impact) and ``risk_band`` (low, medium, high)."""
    queryset = (
        Risk.objects.filter(organization=organization)
        .select_related("party", "owner")
        .annotate(risk_rating=RATING)
        .annotate(risk_band=BAND)
    )
    if party is not None:
        queryset = queryset.filter(party=party).order_by(OPEN_FIRST, "-risk_rating", "-id")
    else:
        queryset = queryset.order_by("-risk_rating", "party__name", "-id")
    return queryset
