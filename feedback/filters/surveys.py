"""The filters of survey answers, shared by the results pages' export and its links."""

import django_filters

from feedback.models import SurveyAnswer
from feedback.selectors.surveys import campaigns
from relmgmt.core.filtersets import FilterSet, organization_choices


class SurveyAnswerFilter(FilterSet):
    campaign = django_filters.ModelChoiceFilter(
        field_name="response__campaign",
        queryset=organization_choices(campaigns, "feedback.SurveyCampaign"),
        label="Campaign",
    )
    start = django_filters.DateFilter(
        field_name="submitted_at", lookup_expr="date__gte", label="From"
    )
    end = django_filters.DateFilter(field_name="submitted_at", lookup_expr="date__lte", label="To")

    class Meta:
        model = SurveyAnswer
        fields = ["campaign", "start", "end"]
