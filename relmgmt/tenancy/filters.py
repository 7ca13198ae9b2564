import django_filters
from django.db.models import Q

from relmgmt.core.filtersets import FilterSet
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership


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
