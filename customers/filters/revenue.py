"""Filters of the revenue list and of the figures, shared by the pages and the API (same
names, same meaning)."""

from datetime import date

import django_filters
from django import forms
from django.conf import settings

from customers.models import Revenue
from customers.models.revenue import PeriodKind
from customers.selectors.figures import SEGMENTS
from customers.selectors.periods import GRAINS, QUARTER, Period, index_of
from parties.filters.register import PartyFilter
from parties.models import Party, PartyType, Tier
from relmgmt.core.dates import organization_today
from relmgmt.core.filtersets import (
    FilterSet,
    NamedChoiceFilter,
    StableOrderingFilter,
    organization_choices,
)
from relmgmt.tenancy.selectors import member_users

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
_member_users = organization_choices(member_users, settings.AUTH_USER_MODEL)


def _parties_of(*, organization):
    return Party.objects.filter(organization=organization)


_parties = organization_choices(_parties_of, Party)


class RevenueFilter(FilterSet):
    party = NamedChoiceFilter(queryset=_parties, label="Customer", empty_label="Any customer")
    period_kind = django_filters.ChoiceFilter(
        choices=PeriodKind.choices, label="Period", empty_label="Months and quarters"
    )
    since = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label="From", widget=DATE_INPUT
    )
    until = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", label="Until", widget=DATE_INPUT
    )
    o = StableOrderingFilter(
        fields=(("period_start", "period_start"), ("party__name", "party"), ("amount", "amount")),
        label="Sort by",
        tiebreaker=("-id",),
    )

    class Meta:
        model = Revenue
        fields = ["party", "period_kind", "since", "until"]


class CustomerSegmentFilter(FilterSet):
    """Which customers the figures count: by party type, tier and owner."""

    type = django_filters.ChoiceFilter(
        choices=PartyType.choices, method="with_type", label="Type", empty_label="Any type"
    )
    tier = django_filters.ChoiceFilter(choices=Tier.choices, empty_label="Any tier")
    owner = django_filters.ModelChoiceFilter(
        queryset=_member_users, label="Owner", empty_label="Anyone"
    )

    class Meta:
        model = Party
        fields = ["type", "tier", "owner"]

    def with_type(self, queryset, name, value):
        return PartyFilter.with_type(self, queryset, name, value)

    @property
    def narrowed(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(name) for name in self.Meta.fields)


class FiguresForm(forms.Form):
    """The figures' periods and breakdown: ``grain`` (quarter or month), ``start`` and
    ``end`` (dates within the first and last period), ``segment`` (none, tier or owner)."""

    grain = forms.ChoiceField(
        choices=[(grain, grain.title()) for grain in GRAINS], required=False, label="Periods"
    )
    start = forms.DateField(required=False, widget=DATE_INPUT, label="From")
    end = forms.DateField(required=False, widget=DATE_INPUT, label="Until")
    segment = forms.ChoiceField(
        choices=[
            (key, label)
            for key, label in (("", "All customers"), ("tier", "By tier"), ("owner", "By owner"))
            if key in SEGMENTS
        ],
        required=False,
        label="Breakdown",
    )
    MAX_PERIODS = 60

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean(self):
        data = super().clean()
        grain = data.get("grain") or QUARTER
        end = data.get("end") or organization_today(self.organization)
        start = data.get("start") or Period(grain, index_of(end, grain) - 7).start
        if start > end:
            raise forms.ValidationError({"start": "Start before the end."})
        if index_of(end, grain) - index_of(start, grain) >= self.MAX_PERIODS:
            raise forms.ValidationError({"start": f"Ask for at most {self.MAX_PERIODS} periods."})
        data.update(grain=grain, start=start, end=end, segment=data.get("segment") or "")
        return data


def default_range(organization) -> tuple[date, date]:
    end = organization_today(organization)
    return Period(QUARTER, index_of(end, QUARTER) - 7).start, end


def figures_from_query(request, query):
    """The figures the query asks for (``grain``, ``start``, ``end``, ``segment``, and the
    customers' ``type``, ``tier``, ``owner``), with the two forms; figures None when a
    value is refused (the forms say which)."""
    from customers.selectors.figures import customer_figures

    organization = request.organization
    form = FiguresForm(query, organization=organization)
    segments = CustomerSegmentFilter(
        query, queryset=Party.objects.filter(organization=organization), request=request
    )
    if not form.is_valid() or not segments.is_valid():
        return None, form, segments
    data = form.cleaned_data
    figures = customer_figures(
        organization=organization,
        start=data["start"],
        end=data["end"],
        grain=data["grain"],
        segment=data["segment"],
        parties=segments.qs if segments.narrowed else None,
    )
    return figures, form, segments
