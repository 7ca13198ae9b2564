"""Suppliers' certificates in the API: list (same FilterSet as the page), detail, create
(multipart, with the file), change, delete (with a reason), and the file's download. Writes
go through the services, which check the file by its content."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from relmgmt.api.as_of import DATE_PARAMETER, as_of_date
from relmgmt.api.base import (
    FILE_RESPONSES,
    OrganizationAPIMixin,
    OrganizationFieldsMixin,
    serializer_organization,
    split_reason,
)
from relmgmt.core.dates import organization_today
from relmgmt.core.files import private_download
from suppliers.api.as_of import CertificateAsOfSerializer
from suppliers.filters.certificates import CertificateFilter
from suppliers.models import Certificate, Supplier
from suppliers.selectors import as_of as as_of_selectors
from suppliers.selectors import certificates as selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import certificates as services


class CertificateSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.none())
    file = serializers.FileField(
        write_only=True,
        required=False,
        help_text="The certificate's file: PDF, PNG or JPEG (checked by content), at most "
        "10 MB by default. Required on create; on change, replaces the file.",
    )
    validity = serializers.SerializerMethodField(
        help_text="valid, expiring (within 60 days), expired or not_yet_valid."
    )
    replaced = serializers.BooleanField(
        read_only=True, default=False, help_text="A newer certificate of the same type ends later."
    )
    download_url = serializers.SerializerMethodField()
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    related = {"supplier": register_selectors.suppliers}
    parent = "supplier"

    class Meta:
        model = Certificate
        fields = [
            "id",
            "supplier",
            "type",
            "issuer",
            "number",
            "valid_from",
            "valid_to",
            "file",
            "original_name",
            "content_type",
            "size",
            "status",
            "validity",
            "replaced",
            "download_url",
            "uploaded_by",
            "accepted_by",
            "accepted_at",
            "rejection_reason",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "status",
            "uploaded_by",
            "accepted_by",
            "accepted_at",
            "rejection_reason",
            "created_at",
            "updated_at",
        ]
        # The model's checks (dates) run in the service.
        validators = []

    def get_validity(self, certificate) -> str:
        organization = serializer_organization(self)
        today = organization_today(organization) if organization else None
        if today is None:
            return ""
        today = self.context.setdefault("today", today)
        return selectors.validity(certificate, today)

    def get_download_url(self, certificate) -> str:
        return reverse(
            "api-certificate-download",
            kwargs={"org_slug": serializer_organization(self).slug, "pk": certificate.pk},
        )

    def validate(self, attrs):
        if self.instance is None and not attrs.get("file"):
            raise serializers.ValidationError({"file": "Choose the certificate's file."})
        return attrs


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(help_text="Why; the supplier reads it.")


class CertificateViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Suppliers' certificates and documents (ISO 9001 8.4.2), soonest to expire first."""

    serializer_class = CertificateSerializer
    filterset_class = CertificateFilter
    queryset = Certificate.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    select = staticmethod(selectors.certificates)

    def _split(self, serializer):
        data, reason = split_reason(serializer)
        return data, data.pop("file", None), reason

    def perform_create(self, serializer):
        data, upload, _reason = self._split(serializer)
        supplier = data.pop("supplier")
        certificate = services.certificate_create(
            organization=self.organization,
            actor=self.request.user,
            supplier=supplier,
            data=data,
            upload=upload,
        )
        serializer.instance = self.get_queryset().get(pk=certificate.pk)

    def perform_update(self, serializer):
        data, upload, reason = self._split(serializer)
        certificate = services.certificate_update(
            organization=self.organization,
            actor=self.request.user,
            certificate=serializer.instance,
            data=data,
            upload=upload,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=certificate.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reason", OpenApiTypes.STR, description="Why it is deleted (required)."
            )
        ],
        responses={204: None},
    )
    def destroy(self, request, *args, **kwargs):
        """Delete a certificate and its file, with the reason (``?reason=`` or in the body)."""
        certificate = self.get_object()
        reason = request.query_params.get("reason") or ""
        if not reason and hasattr(request.data, "get"):
            reason = str(request.data.get("reason") or "")
        services.certificate_delete(
            organization=self.organization,
            actor=request.user,
            certificate=certificate,
            reason=reason,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[DATE_PARAMETER], responses=CertificateAsOfSerializer(many=True))
    @action(
        detail=False,
        methods=["get"],
        url_path="as-of",
        url_name="as-of",
        serializer_class=CertificateAsOfSerializer,
        filter_backends=[],
    )
    def as_of(self, request, **kwargs):
        """The certificate list as it stood at the end of ``date`` (ISO 9001 7.5), rebuilt
        from the audit trail: the certificates that existed then, soonest to expire first,
        with their validity on that day; the rows of the page's and the export's as-of list.
        Today: the live list in the same shape."""
        certificates = as_of_selectors.certificate_list_on(
            organization=self.organization, day=as_of_date(request)
        )
        page = self.paginate_queryset(certificates)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=FILE_RESPONSES)
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None, **kwargs):
        """The certificate's file, as an attachment under its original name."""
        certificate = self.get_object()
        return private_download(
            certificate.file,
            filename=certificate.original_name,
            content_type=certificate.content_type,
        )

    @extend_schema(request=None, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], url_path="accept", url_name="accept")
    def accept(self, request, pk=None, **kwargs):
        """Accept a certificate the supplier uploaded through the portal: from now on it
        counts (flags, expiry warnings)."""
        certificate = services.certificate_accept(
            organization=self.organization, actor=request.user, certificate=self.get_object()
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=certificate.pk)).data)

    @extend_schema(request=RejectSerializer, responses=CertificateSerializer)
    @action(detail=True, methods=["post"], url_path="reject", url_name="reject")
    def reject(self, request, pk=None, **kwargs):
        """Reject a certificate the supplier uploaded, with the reason the supplier reads."""
        certificate = self.get_object()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        certificate = services.certificate_reject(
            organization=self.organization,
            actor=request.user,
            certificate=certificate,
            reason=body.validated_data["reason"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=certificate.pk)).data)
