"""Reads of risks and opportunities, with their rating and band computed in the query."""

from django.db.models import Case, IntegerField, Value, When

from parties.models import Party, Risk
from parties.risk_rating import BAND, RATING

OPEN_FIRST = Case(
    When(status=Risk.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def risks(*, organization, party: Party | None = None):
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
