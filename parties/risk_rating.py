"""How a risk or opportunity is rated: likelihood x impact (1 to 25), in three bands.

The rating is computed in queries (an annotation) so lists sort and filter by it; the
bands colour the heat map and the register's badges.
"""

from django.db.models import (
    Case,
    CharField,
    ExpressionWrapper,
    F,
    PositiveSmallIntegerField,
    Q,
    Value,
    When,
)

SCALE = range(1, 6)
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}

# band key -> (label, lowest rating, highest rating)
BANDS = {
    "low": ("Low (1-4)", 1, 4),
    "medium": ("Medium (5-9)", 5, 9),
    "high": ("High (10-25)", 10, 25),
}
BAND_CHOICES = [(key, label) for key, (label, _low, _high) in BANDS.items()]

RATING = ExpressionWrapper(F("likelihood") * F("impact"), output_field=PositiveSmallIntegerField())


def band_of(rating: int) -> str:
    return next(key for key, (_label, low, high) in BANDS.items() if low <= rating <= high)


def band_q(band: str, field: str = "risk_rating") -> Q:
    _label, low, high = BANDS[band]
    return Q(**{f"{field}__gte": low, f"{field}__lte": high})


BAND = Case(
    *[When(band_q(key), then=Value(key)) for key in BANDS],
    output_field=CharField(),
)
