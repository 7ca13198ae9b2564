"""Agreements in the API, with their service levels and disputes (nested, replaced by id on
a change); the service refuses a bad row by its number and saves nothing."""

from rest_framework import mixins, serializers, viewsets

from relmgmt.api.base import OrganizationAPIMixin, split_reason
from suppliers.api.fields import OrganizationSupplierField
from suppliers.filters.agreements import AgreementFilter
from suppliers.models import Agreement, Dispute, ServiceLevel
from suppliers.selectors import agreements as selectors
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
        fields = ["id", "raised_on", "description", "status", "resolution"]


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
