"""The filters of the sent questionnaires' list, shared by the page and the API."""

import django_filters
from django.db.models import Q

from relmgmt.core.filtersets import IdFilter, filterset_organization
from suppliers.models import QuestionnaireRequest
from suppliers.models.questionnaires import RequestStatus
from suppliers.selectors import questionnaires as selectors


class QuestionnaireRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, empty_label="Any status")
    overdue = django_filters.BooleanFilter(
        method="with_overdue",
        label="Overdue",
        help_text="Past its due date and not yet submitted.",
    )
    supplier = IdFilter(field_name="supplier_id", label="Supplier (id)")
    template = IdFilter(field_name="template_id", label="Template (id)")
    o = django_filters.OrderingFilter(
        fields=(
            ("sent_at", "sent"),
            ("due_date", "due"),
            ("supplier__code", "supplier"),
            ("score", "score"),
        ),
        label="Sort by",
    )

    class Meta:
        model = QuestionnaireRequest
        fields = ["q", "status", "overdue", "supplier", "template"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(supplier__party__name__icontains=value)
            | Q(supplier__code__icontains=value)
            | Q(template__name__icontains=value)
        )

    def with_overdue(self, queryset, name, value):
        organization = filterset_organization(self)
        if value is None:
            return queryset
        if organization is None:
            return queryset.none()
        return selectors.filter_overdue(queryset, organization=organization, overdue=value)


# The supplier portal API's list: ``supplier = None`` drops the inherited filter (the list
# holds one supplier).
class PortalQuestionnaireFilter(QuestionnaireRequestFilter):
    supplier = None
    o = django_filters.OrderingFilter(
        fields=(("sent_at", "sent"), ("due_date", "due")), label="Sort by"
    )

    class Meta(QuestionnaireRequestFilter.Meta):
        fields = ["q", "status", "overdue", "template"]
