"""Filters of the risk register and the risk API (same names, same meaning). They expect
the queryset of ``parties.selectors.risks.risks``, which carries the rating."""

import django_filters
from django.db.models import Q

from parties.filters.register import _member_users, _parties
from parties.models import Risk
from parties.risk_rating import BAND_CHOICES, IMPACT_LABELS, LIKELIHOOD_LABELS, band_q
from relmgmt.core.filtersets import FilterSet, NamedChoiceFilter


def _scale(labels):
    return [(str(value), f"{value} {label.lower()}") for value, label in labels.items()]


class RiskFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=Risk.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Risk.Status.choices)
    owner = django_filters.ModelChoiceFilter(queryset=_member_users, label="Owner")
    party = NamedChoiceFilter(queryset=_parties, label="Party")
    band = django_filters.ChoiceFilter(choices=BAND_CHOICES, method="in_band", label="Rating")
    likelihood = django_filters.ChoiceFilter(choices=_scale(LIKELIHOOD_LABELS))
    impact = django_filters.ChoiceFilter(choices=_scale(IMPACT_LABELS))
    o = django_filters.OrderingFilter(
        fields=(
            ("risk_rating", "rating"),
            ("likelihood", "likelihood"),
            ("impact", "impact"),
            ("party__name", "party"),
            ("kind", "kind"),
            ("status", "status"),
            ("owner__full_name", "owner"),
            ("review_on", "review_on"),
            ("updated_at", "updated"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Risk
        fields = ["q", "kind", "status", "owner", "party", "band", "likelihood", "impact"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(description__icontains=value) | Q(treatment__icontains=value))

    def in_band(self, queryset, name, value):
        return queryset.filter(band_q(value))
