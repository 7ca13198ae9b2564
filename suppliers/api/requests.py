"""Requests to suppliers in the organisation API, the buyer's side: list (with the page's
filters), raise, see, return, close, and the response's file. Writes go through the
services. (The supplier answers through the portal API: ``suppliers.api.portal.requests``.)"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from relmgmt.api.base import FILE_RESPONSES, OrganizationAPIMixin, OrganizationFieldsMixin
from relmgmt.core.files import private_download
from suppliers.filters.requests import SupplierRequestFilter
from suppliers.models import Supplier, SupplierRequest
from suppliers.selectors import register as register_selectors
from suppliers.selectors import requests as request_selectors
from suppliers.services import requests as services


class RequestToSupplierSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.none())
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)
    overdue = serializers.BooleanField(read_only=True, default=False)
    has_response_file = serializers.SerializerMethodField()

    related = {"supplier": register_selectors.suppliers}

    class Meta:
        model = SupplierRequest
        fields = [
            "id",
            "supplier",
            "supplier_code",
            "kind",
            "subject",
            "description",
            "internal_note",
            "due_date",
            "status",
            "overdue",
            "sent_at",
            "raised_by",
            "response",
            "has_response_file",
            "response_file_name",
            "responded_at",
            "last_responded_at",
            "responded_by",
            "return_comment",
            "returned_at",
            "closed_by",
            "closed_at",
        ]
        read_only_fields = [
            field
            for field in fields
            if field
            not in {"supplier", "kind", "subject", "description", "internal_note", "due_date"}
        ]

    def get_has_response_file(self, request) -> bool:
        return bool(request.response_file)

    def validate_kind(self, kind: str) -> str:
        # Earlier corrective action requests stay readable; new ones are 8Ds.
        if kind not in services.NEW_KINDS:
            raise serializers.ValidationError(services.CORRECTIVE_ACTION_IS_8D)
        return kind


class ReturnSerializer(serializers.Serializer):
    comment = serializers.CharField(help_text="What the supplier must add or change.")
    due_date = serializers.DateField(required=False, allow_null=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True)


class SupplierRequestViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Requests to suppliers (document, information; the corrective action requests raised
    before the 8D are listed too), soonest due first. A new request is a document or an
    information request: a corrective action is asked as a supplier 8D
    (``/supplier-8d/``). ``internal_note`` is the buyer's own: the portal never shows it."""

    serializer_class = RequestToSupplierSerializer
    filterset_class = SupplierRequestFilter
    queryset = SupplierRequest.objects.none()
    parser_classes = [JSONParser]
    select = staticmethod(request_selectors.supplier_requests)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier = data.pop("supplier")
        created = services.request_raise(
            organization=self.organization, actor=self.request.user, supplier=supplier, data=data
        )
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def _answer(self, request_obj):
        fresh = self.get_queryset().get(pk=request_obj.pk)
        return Response(self.get_serializer(fresh).data)

    @extend_schema(request=ReturnSerializer, responses=RequestToSupplierSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_to_supplier(self, request, pk=None, **kwargs):
        """Return the response to the supplier with a comment (and a new due date)."""
        target = self.get_object()
        body = ReturnSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        returned = services.request_return(
            organization=self.organization,
            actor=request.user,
            request=target,
            comment=body.validated_data["comment"],
            due_date=body.validated_data.get("due_date"),
        )
        return self._answer(returned)

    @extend_schema(request=ReasonSerializer, responses=RequestToSupplierSerializer)
    @action(detail=True, methods=["post"], url_path="close", url_name="close")
    def close(self, request, pk=None, **kwargs):
        """Close the request, with an optional reason kept in the history."""
        target = self.get_object()
        body = ReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        closed = services.request_close(
            organization=self.organization,
            actor=request.user,
            request=target,
            reason=body.validated_data.get("reason", ""),
        )
        return self._answer(closed)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None, **kwargs):
        """The file of the supplier's response, as an attachment."""
        supplier_request = self.get_object()
        return private_download(
            supplier_request.response_file,
            filename=supplier_request.response_file_name,
            content_type=supplier_request.response_content_type,
        )
