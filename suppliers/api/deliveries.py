"""Deliveries through the API: list (the page's FilterSet), see, create, change, delete
(with ``?reason=``), and ``bulk/``: up to 5,000 deliveries in one request, all or nothing
unless ``?valid_only=true``, with problems named row by row. Writes go through the
services."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.api.base import (
    OrganizationAPIMixin,
    OrganizationFieldsMixin,
    split_reason,
)
from suppliers.filters.deliveries import DeliveryFilter
from suppliers.models import Delivery, Supplier
from suppliers.models.deliveries import QUANTITY
from suppliers.selectors import deliveries as selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import deliveries as services


class DeliverySerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.none())
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    rejection_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=services.MAX_LENGTH["rejection_reason"]
    )

    related = {"supplier": register_selectors.suppliers}

    class Meta:
        model = Delivery
        fields = [
            "id",
            *services.FIELDS,
            "supplier_code",
            "over_delivery",
            "entered_by",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "over_delivery", "entered_by", "created_at", "updated_at"]


class DeliveryRowSerializer(serializers.Serializer):
    """One delivery of a batch; the supplier by ``supplier_code`` or by id (``supplier``)."""

    supplier_code = serializers.CharField(max_length=32, required=False)
    supplier = serializers.IntegerField(required=False)
    order_reference = serializers.CharField(max_length=64)
    item = serializers.CharField(max_length=200)
    promised_date = serializers.DateField()
    received_date = serializers.DateField()
    quantity_ordered = serializers.DecimalField(**QUANTITY)
    quantity_received = serializers.DecimalField(**QUANTITY)
    quantity_rejected = serializers.DecimalField(required=False, **QUANTITY)
    rejection_reason = serializers.CharField(
        required=False, allow_blank=True, max_length=services.MAX_LENGTH["rejection_reason"]
    )


class RowErrorSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Position in the list sent, from 0.")
    field = serializers.CharField()
    message = serializers.CharField()


class BulkResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    ids = serializers.ListField(
        child=serializers.IntegerField(), help_text="The new deliveries, in the order sent."
    )
    over_delivered = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Indexes of the rows that received more than ordered: saved, and flagged.",
    )
    skipped = RowErrorSerializer(many=True, help_text="With valid_only: the rows left out.")


class BulkErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    rows = RowErrorSerializer(many=True, required=False)


class BulkErrorSerializer(serializers.Serializer):
    error = BulkErrorBodySerializer()


def _rows_of(index: int, errors: dict) -> list[tuple[int, str, str]]:
    """A row's serializer errors as (index, field, message)."""
    return [
        (index, name, str(message)) for name, messages in errors.items() for message in messages
    ]


class DeliveryViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Deliveries (receipts) from suppliers. More received than ordered is accepted and
    flagged (``over_delivery``); negative quantities and more rejected than received are
    refused."""

    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilter
    queryset = Delivery.objects.none()
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    select = staticmethod(selectors.deliveries)

    def _split(self, serializer):
        return split_reason(serializer)

    def perform_create(self, serializer):
        data, _reason = self._split(serializer)
        delivery = services.delivery_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=delivery.pk)

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        delivery = services.delivery_update(
            organization=self.organization,
            actor=self.request.user,
            delivery=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=delivery.pk)

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
        services.delivery_delete(
            organization=self.organization,
            actor=self.request.user,
            delivery=instance,
            reason=self.request.query_params.get("reason", ""),
        )

    @extend_schema(
        request=DeliveryRowSerializer(many=True),
        parameters=[
            OpenApiParameter(
                "valid_only",
                OpenApiTypes.BOOL,
                description="Save the valid rows and report the others (default: all or nothing).",
            )
        ],
        responses={201: BulkResultSerializer, 400: BulkErrorSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request, **kwargs):
        """Create up to 5,000 deliveries from a JSON list. All or nothing: one bad row and
        nothing is saved, with every problem named by its index, field and message."""
        if not isinstance(request.data, list):
            raise services.BulkInvalid([], "Send a JSON list of deliveries.")
        if len(request.data) > services.MAX_BULK_ROWS:
            raise services.BulkInvalid(
                [], f"Send at most {services.MAX_BULK_ROWS} deliveries per request."
            )
        items, problems = [], []
        for index, raw in enumerate(request.data):
            row = DeliveryRowSerializer(data=raw)
            if row.is_valid():
                items.append((index, dict(row.validated_data)))
            else:
                problems.extend(_rows_of(index, row.errors))
        created, skipped = services.deliveries_create_many(
            organization=self.organization,
            actor=request.user,
            items=items,
            problems=problems,
            total=len(request.data),
            valid_only=request.query_params.get("valid_only", "").lower() in {"1", "true"},
        )
        left_out = {index for index, _field, _message in skipped}
        positions = [index for index in range(len(request.data)) if index not in left_out]
        body = {
            "created": len(created),
            "ids": [delivery.pk for delivery in created],
            "over_delivered": [
                index
                for index, delivery in zip(positions, created, strict=True)
                if delivery.over_delivery
            ],
            "skipped": [
                {"index": index, "field": field, "message": message}
                for index, field, message in skipped
            ],
        }
        return Response(body, status=status.HTTP_201_CREATED)
