"""Requests the buyer addresses to the supplier (corrective action, document, information):
list with the buyer's list's filters, detail (never the buyer's internal note), the
response (with an optional file) and the response's file."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from relmgmt.api.base import FILE_RESPONSES
from relmgmt.core.files import private_download
from suppliers.filters.requests import PortalRequestFilter
from suppliers.models import SupplierRequest
from suppliers.selectors import requests as request_selectors
from suppliers.services import requests as request_services

from .base import PortalAPIMixin, portal_url


class PortalRequestSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(read_only=True, default=False)
    awaiting_response = serializers.BooleanField(
        source="awaiting_supplier", read_only=True, help_text="Open or returned: yours to answer."
    )
    has_response_file = serializers.SerializerMethodField()
    response_file_url = serializers.SerializerMethodField()

    class Meta:
        model = SupplierRequest
        fields = [
            "id",
            "kind",
            "subject",
            "description",
            "due_date",
            "status",
            "overdue",
            "awaiting_response",
            "sent_at",
            "response",
            "has_response_file",
            "response_file_name",
            "response_file_url",
            "responded_at",
            "last_responded_at",
            "return_comment",
            "returned_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_has_response_file(self, request) -> bool:
        return bool(request.response_file)

    def get_response_file_url(self, request) -> str | None:
        if not request.response_file:
            return None
        return portal_url(self, "api-portal-request-download", request.pk)


class PortalRespondSerializer(serializers.Serializer):
    response = serializers.CharField(help_text="Your response.")
    file = serializers.FileField(
        required=False,
        allow_null=True,
        help_text="Optional (multipart): a PDF, PNG or JPEG file, checked by its content; it "
        "replaces the file of an earlier response.",
    )


class RequestViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests addressed to the supplier, open ones first, soonest due first."""

    serializer_class = PortalRequestSerializer
    filterset_class = PortalRequestFilter
    queryset = SupplierRequest.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    select = staticmethod(request_selectors.portal_requests)

    @extend_schema(request=PortalRespondSerializer, responses=PortalRequestSerializer)
    @action(detail=True, methods=["post"], url_path="respond", url_name="respond")
    def respond(self, request, pk=None, **kwargs):
        """Answer an open or returned request (JSON, or multipart with a file)."""
        target = self.get_object()
        given = PortalRespondSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        request_services.request_respond(
            organization=self.organization,
            actor=request.user,
            request=target,
            response=given.validated_data["response"],
            upload=given.validated_data.get("file"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=target.pk)).data)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None, **kwargs):
        """The file of the supplier's response, as an attachment (404 when it has none)."""
        supplier_request = self.get_object()
        return private_download(
            supplier_request.response_file,
            filename=supplier_request.response_file_name,
            content_type=supplier_request.response_content_type,
        )
