"""Filters of the review pages and the review API (same names, same meaning)."""

from datetime import date

import django_filters
from django.core.validators import RegexValidator
from django.utils import timezone

from parties.filters.register import PartyFilter, _member_users, _parties
from parties.models import Party, Review, Tier
from relmgmt.core.dates import add_months
from relmgmt.core.filtersets import FilterSet, NamedChoiceFilter


class ReviewFilter(FilterSet):
    party = NamedChoiceFilter(queryset=_parties, label="Party")
    reviewer = django_filters.ModelChoiceFilter(queryset=_member_users, label="Reviewer")
    tier = django_filters.ChoiceFilter(field_name="party__tier", choices=Tier.choices)
    reviewed_after = django_filters.DateFilter(
        field_name="reviewed_on", lookup_expr="gte", label="Reviewed on or after"
    )
    reviewed_before = django_filters.DateFilter(
        field_name="reviewed_on", lookup_expr="lte", label="Reviewed on or before"
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("reviewed_on", "reviewed_on"),
            ("party__name", "party"),
            ("reviewer__full_name", "reviewer"),
            ("our_satisfaction", "our_satisfaction"),
            ("their_satisfaction", "their_satisfaction"),
            ("next_review_due", "next_review_due"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Review
        fields = ["party", "reviewer", "tier", "reviewed_after", "reviewed_before"]


class ReviewDueFilter(FilterSet):
    """Parties due for review: overdue, or due within N days, or due in a given month."""

    WITHIN_CHOICES = [
        ("overdue", "Overdue"),
        ("30", "Overdue or due within 30 days"),
        ("90", "Overdue or due within 90 days"),
        ("180", "Overdue or due within 180 days"),
        ("365", "Overdue or due within a year"),
    ]
    DEFAULT_WITHIN = "30"

    review_due = django_filters.ChoiceFilter(
        choices=WITHIN_CHOICES, method="with_review_due", label="Due"
    )
    month = django_filters.CharFilter(
        method="due_in_month",
        label="Due in month (YYYY-MM)",
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", "Give a month as YYYY-MM.")],
    )
    owner = django_filters.ModelChoiceFilter(queryset=_member_users, label="Owner")
    tier = django_filters.ChoiceFilter(choices=Tier.choices)

    class Meta:
        model = Party
        fields = ["review_due", "month", "owner", "tier"]

    with_review_due = PartyFilter.with_review_due

    def due_in_month(self, queryset, name, value):
        """The reviews of that month not yet overdue (the overdue ones have their own bar)."""
        year, month = (int(part) for part in value.split("-"))
        first = date(year, month, 1)
        today = timezone.localdate()
        after_last = add_months(first, 1)
        return queryset.filter(
            next_review_due__gte=max(first, today), next_review_due__lt=after_last
        )


def with_default_window(data):
    """The due list shows the next 30 days unless the visitor chose a window or a month."""
    data = data.copy()
    if "review_due" not in data and "month" not in data:
        data["review_due"] = ReviewDueFilter.DEFAULT_WITHIN
    return data
