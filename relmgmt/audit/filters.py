import django_filters
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.utils.text import capfirst

from relmgmt.audit.models import AuditEvent, SecurityEvent
from relmgmt.core.filtersets import FilterSet
from relmgmt.core.models import AuditedModel


def audited_model_choices():
    return sorted(
        (model._meta.label_lower, capfirst(str(model._meta.verbose_name)))
        for model in apps.get_models()
        if issubclass(model, AuditedModel)
    )


def _members_of_request_org(request):
    User = get_user_model()
    organization = getattr(request, "organization", None)
    if organization is None:
        return User.objects.none()
    # People who acted in this organisation: its members, and former members via the trail.
    actors = AuditEvent.objects.filter(organization=organization).values("actor_id")
    return User.objects.filter(
        Q(memberships__organization=organization) | Q(pk__in=actors)
    ).distinct()


class AuditEventFilter(FilterSet):
    """The one filter of the audit log, used by the log page, its CSV export and the API."""

    actor = django_filters.ModelChoiceFilter(queryset=_members_of_request_org, label="Person")
    model_label = django_filters.ChoiceFilter(choices=audited_model_choices, label="Kind of record")
    action = django_filters.ChoiceFilter(choices=AuditEvent.Action.choices)
    record = django_filters.CharFilter(method="filter_record", label="Record name")
    # For links and the API; the page filters by name.
    object_id = django_filters.CharFilter(label="Record id")
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label="From"
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label="To"
    )

    class Meta:
        model = AuditEvent
        fields = [
            *("record", "actor", "model_label", "action", "object_id"),
            *("occurred_from", "occurred_to"),
        ]

    def filter_record(self, queryset, name, value):
        """Every event of the records whose name, in any of their events, contains
        ``value``: a record renamed since is found by its old and its new name."""
        value = value.strip()
        if not value:
            return queryset
        named = AuditEvent.objects.filter(
            organization_id=OuterRef("organization_id"),
            model_label=OuterRef("model_label"),
            object_id=OuterRef("object_id"),
            object_repr__icontains=value,
        )
        return queryset.filter(Exists(named))


def _people_of_request_org(request):
    User = get_user_model()
    organization = getattr(request, "organization", None)
    if organization is None:
        return User.objects.none()
    return User.objects.filter(memberships__organization=organization).distinct()


class SecurityEventFilter(FilterSet):
    """The security log's filters: what happened, to whom, when."""

    kind = django_filters.ChoiceFilter(choices=SecurityEvent.Kind.choices, label="What")
    user = django_filters.ModelChoiceFilter(queryset=_people_of_request_org, label="Person")
    occurred_from = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__gte", label="From"
    )
    occurred_to = django_filters.DateFilter(
        field_name="occurred_at", lookup_expr="date__lte", label="To"
    )

    class Meta:
        model = SecurityEvent
        fields = ["kind", "user", "occurred_from", "occurred_to"]
