"""Agreements in the API, with their service levels and disputes (nested, replaced by id on
a change); the service refuses a bad row by its number and saves nothing."""

from datetime import timedelta

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin, split_reason
from relmgmt.core.dates import organization_today
from suppliers.api.fields import OrganizationSupplierField
from suppliers.filters.agreements import AgreementFilter
from suppliers.models import Agreement, Dispute, ServiceLevel
from suppliers.selectors import agreements as selectors
from suppliers.selectors import compliance as compliance_selectors
from suppliers.services import agreements as agreement_services


class ServiceLevelSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = ServiceLevel
        fields = ["id", "measure", "target", "unit", "metric"]


class DisputeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = Dispute
        fields = ["id", "raised_on", "description", "status", "resolution", "closed_on"]


class AgreementSerializer(serializers.ModelSerializer):
    supplier = OrganizationSupplierField()
    service_levels = ServiceLevelSerializer(
        many=True, required=False, help_text="Given on a change: these replace the rows (by id)."
    )
    disputes = DisputeSerializer(
        many=True, required=False, help_text="Given on a change: these replace the rows (by id)."
    )
    open_disputes = serializers.IntegerField(read_only=True, default=0)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "supplier",
            "contract_reference",
            "title",
            "status",
            "starts_on",
            "ends_on",
            "review_on",
            "exit_plan",
            "service_levels",
            "disputes",
            "open_disputes",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The service checks dates and the reference's uniqueness, naming the field.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["supplier"].read_only = True
        return fields

    def create(self, validated_data):
        raise NotImplementedError

    def update(self, instance, validated_data):
        raise NotImplementedError


class LevelResultSerializer(serializers.Serializer):
    measure = serializers.CharField(source="level.measure")
    metric = serializers.CharField(source="level.metric")
    target = serializers.DecimalField(source="level.target", max_digits=12, decimal_places=3)
    actual = serializers.FloatField(allow_null=True)
    met = serializers.BooleanField(allow_null=True)


class PeriodComplianceSerializer(serializers.Serializer):
    label = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    deliveries = serializers.IntegerField()
    complaints = serializers.IntegerField()
    met = serializers.IntegerField()
    missed = serializers.IntegerField()
    results = LevelResultSerializer(many=True)
    disputes_opened = serializers.IntegerField()
    disputes_closed = serializers.IntegerField()


class DisputeFrequencySerializer(serializers.Serializer):
    supplier = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    agreements = serializers.IntegerField(source="agreement_count")
    disputes_opened = serializers.IntegerField()
    disputes_closed = serializers.IntegerField()
    disputes_open = serializers.IntegerField()


class PeriodQuerySerializer(serializers.Serializer):
    start = serializers.DateField(required=False, help_text="Default: a year before the end.")
    end = serializers.DateField(required=False, help_text="Default: today.")


class AgreementViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Agreements with suppliers, soonest ending first, with service levels and disputes."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    queryset = Agreement.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    select = staticmethod(selectors.agreements_full)

    def _data(self, serializer):
        data, reason = split_reason(serializer)
        for name in ("service_levels", "disputes"):
            if name in data:
                data[name] = [dict(row) for row in data[name]]
        return data, reason

    def perform_create(self, serializer):
        data, _reason = self._data(serializer)
        agreement = agreement_services.agreement_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    @extend_schema(responses=PeriodComplianceSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def compliance(self, request, pk=None, **kwargs):
        """Per quarter of the agreement (to today while it runs): its service levels met or
        missed against the deliveries and the complaints naming the supplier, and the
        disputes opened and closed."""
        agreement = self.get_object()
        periods = compliance_selectors.agreement_compliance(
            organization=self.organization, agreement=agreement
        )
        return Response(PeriodComplianceSerializer(periods, many=True).data)

    @extend_schema(
        parameters=[PeriodQuerySerializer], responses=DisputeFrequencySerializer(many=True)
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="dispute-frequency",
        pagination_class=None,
        filter_backends=[],
    )
    def dispute_frequency(self, request, **kwargs):
        """Per supplier with an agreement: its agreements, the disputes opened and closed in
        the period (default: the last 365 days), and those open now."""
        given = PeriodQuerySerializer(data=request.query_params)
        given.is_valid(raise_exception=True)
        end = given.validated_data.get("end") or organization_today(self.organization)
        start = given.validated_data.get("start") or end - timedelta(days=364)
        if start > end:
            raise serializers.ValidationError({"start": "The start must not be after the end."})
        rows = compliance_selectors.dispute_frequency(
            organization=self.organization, start=start, end=end
        )
        return Response(DisputeFrequencySerializer(rows, many=True).data)

    def perform_update(self, serializer):
        data, reason = self._data(serializer)
        agreement = agreement_services.agreement_update(
            organization=self.organization,
            actor=self.request.user,
            agreement=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)
