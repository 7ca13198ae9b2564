"""The quality objectives' API: objectives with their status against target computed from
the data. Writes go through the services."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from qms.models import QualityObjective
from qms.selectors import objectives as selectors
from qms.selectors.kpis import kpi_choices
from qms.services import objectives as services
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField


class StatusSerializer(serializers.Serializer):
    kpi_label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)
    running = serializers.BooleanField()
    label = serializers.CharField()


class QualityObjectiveSerializer(serializers.ModelSerializer):
    owner = MemberField()
    kpi = serializers.ChoiceField(choices=[])
    status = serializers.SerializerMethodField()

    class Meta:
        model = QualityObjective
        fields = [
            "id",
            "title",
            "kpi",
            "target",
            "period_start",
            "period_end",
            "owner",
            "actions",
            "status",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "status", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        fields["kpi"].choices = kpi_choices()
        return fields

    @extend_schema_field(StatusSerializer)
    def get_status(self, objective) -> dict:
        status = selectors.status_of(objective)
        return StatusSerializer(
            {
                "kpi_label": status.kpi_label,
                "value": status.value,
                "met": status.met,
                "running": status.running,
                "label": status.label,
            }
        ).data


class QualityObjectiveViewSet(OrganizationAPIMixin, viewsets.ModelViewSet):
    """Quality objectives (ISO 9001 6.2): each a KPI, a target and a period, with its status
    against target computed from the data (up to today while it runs)."""

    serializer_class = QualityObjectiveSerializer
    queryset = QualityObjective.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QualityObjective.objects.none()
        return selectors.objectives(organization=self.organization).select_related("organization")

    def perform_create(self, serializer):
        objective = services.objective_create(
            organization=self.organization,
            actor=self.request.user,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=objective.pk)

    def perform_update(self, serializer):
        objective = services.objective_update(
            organization=self.organization,
            actor=self.request.user,
            objective=serializer.instance,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=objective.pk)

    def perform_destroy(self, instance):
        services.objective_delete(
            organization=self.organization, actor=self.request.user, objective=instance
        )
