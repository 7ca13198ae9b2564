"""Filters of the relationship plan API."""

import django_filters

from parties.models import PlanSection, RelationshipPlan
from relmgmt.core.filtersets import FilterSet, IdFilter


class PlanFilter(FilterSet):
    party = IdFilter(field_name="party_id")

    class Meta:
        model = RelationshipPlan
        fields = ["party"]


class PlanSectionFilter(FilterSet):
    plan = IdFilter(field_name="version__plan_id")
    version = IdFilter(field_name="version_id")
    status = django_filters.ChoiceFilter(choices=PlanSection.Status.choices)

    class Meta:
        model = PlanSection
        fields = ["plan", "version", "status"]
