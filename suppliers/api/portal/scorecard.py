"""The supplier's own scorecard: each period's score and standing with every criterion's
inputs, value and points, exactly as the portal's scorecard page shows them. Nothing of the
buyer's internal side: no rating notes, no suspension proposals, no causes of changes."""

from rest_framework import generics, serializers
from rest_framework.response import Response

from suppliers.models import ScorecardResult
from suppliers.models.metrics import METRICS
from suppliers.selectors import scorecards as selectors

from .base import PortalAPIMixin

METRIC_BY_LABEL = {metric.label: key for key, metric in METRICS.items()}


class PortalCriterionLineSerializer(serializers.Serializer):
    metric = serializers.SerializerMethodField(help_text="The metric's key, e.g. deliveries.")
    label = serializers.CharField()
    unit = serializers.CharField()
    weight = serializers.IntegerField(allow_null=True, help_text="Its share of the score (%).")
    value = serializers.FloatField(allow_null=True, help_text="Null: no data in the period.")
    points = serializers.FloatField(allow_null=True)
    inputs = serializers.CharField(help_text="The facts behind the value, in words.")

    def get_metric(self, line) -> str:
        return METRIC_BY_LABEL.get(line.label, "")


class PortalPeriodSerializer(serializers.Serializer):
    period_start = serializers.DateField(source="start")
    label = serializers.CharField()
    score = serializers.FloatField(allow_null=True, help_text="Null: no data in the period.")
    standing = serializers.CharField(help_text="Empty: no data.")
    standing_label = serializers.CharField()
    criteria = PortalCriterionLineSerializer(many=True, source="lines")


class PortalScorecardSerializer(serializers.Serializer):
    scored = serializers.SerializerMethodField(
        help_text="False while the organisation does not score its suppliers."
    )
    period = serializers.SerializerMethodField(help_text="monthly or quarterly.")
    periods = PortalPeriodSerializer(many=True, help_text="Most recent first.")

    def get_scored(self, scorecard) -> bool:
        return scorecard.definition is not None

    def get_period(self, scorecard) -> str | None:
        return scorecard.definition.period if scorecard.definition else None


class ScorecardView(PortalAPIMixin, generics.GenericAPIView):
    """How the organisation rates the supplier, per period (a period without data counts
    neither for nor against it)."""

    serializer_class = PortalScorecardSerializer
    queryset = ScorecardResult.objects.none()
    write_permission = None

    def get(self, request, **kwargs):
        scorecard = selectors.supplier_scorecard(
            organization=self.organization,
            supplier=self.supplier,
            include_changes=False,
            include_ratings=False,
        )
        return Response(self.get_serializer(scorecard).data)
