import django_filters
from django.db.models import Q

from relmgmt.core.filtersets import FilterSet
from relmgmt.policy import Role
from relmgmt.tenancy.models import AuditorAccess, Membership


class MembershipFilter(FilterSet):
    """The members list's filter, shared by the Members page and the API."""

    q = django_filters.CharFilter(method="search", label="Search")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["q", "role"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(user__email__icontains=value) | Q(user__full_name__icontains=value)
        )


class AuditorAccessFilter(FilterSet):
    """The access log's filters: whose, what kind, between which days, and a path."""

    user = django_filters.ChoiceFilter(label="Auditor", method="by_user")
    kind = django_filters.ChoiceFilter(choices=AuditorAccess.Kind.choices)
    since = django_filters.DateFilter(
        field_name="created_at", lookup_expr="date__gte", label="From"
    )
    until = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte", label="To")
    path = django_filters.CharFilter(lookup_expr="icontains", label="Page or file")

    class Meta:
        model = AuditorAccess
        fields = ["user", "kind", "since", "until", "path"]

    def __init__(self, *args, auditors=(), **kwargs):
        super().__init__(*args, **kwargs)
        # On this filterset's own form: a filter's field, once built, is shared by every
        # later copy of the class's filters, and would keep the first choices it was given.
        self.form.fields["user"].choices = [
            ("", "---------"),
            *((str(user.pk), f"{user.display_name} ({user.email})") for user in auditors),
        ]

    def by_user(self, queryset, name, value):
        return queryset.filter(user_id=value)
