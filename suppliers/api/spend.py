"""Purchase spend per supplier, category and year through the API: list with the page's
filters, see, create, change, delete (with ``?reason=``). Writes go through the services."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets

from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin, split_reason
from suppliers.filters.spend import SpendFilter
from suppliers.models import Supplier, SupplierSpend
from suppliers.selectors import register as register_selectors
from suppliers.selectors import spend as selectors
from suppliers.services import spend as services


class SpendSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.none())
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    related = {"supplier": register_selectors.suppliers}

    class Meta:
        model = SupplierSpend
        fields = [
            "id",
            *services.FIELDS,
            "supplier_code",
            "entered_by",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "entered_by", "created_at", "updated_at"]


class SpendViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Purchase spend per supplier, category and calendar year (supply continuity reads the
    last full year with spend recorded for each category)."""

    serializer_class = SpendSerializer
    filterset_class = SpendFilter
    queryset = SupplierSpend.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    select = staticmethod(selectors.spends)

    def perform_create(self, serializer):
        data, _reason = split_reason(serializer)
        spend = services.spend_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=spend.pk)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        spend = services.spend_update(
            organization=self.organization,
            actor=self.request.user,
            spend=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=spend.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reason", OpenApiTypes.STR, required=True, description="Why it is deleted."
            )
        ]
    )
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.spend_delete(
            organization=self.organization,
            actor=self.request.user,
            spend=instance,
            reason=self.request.query_params.get("reason", ""),
        )
