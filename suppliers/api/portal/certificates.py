"""The supplier's certificates: list (type, validity and search filters), detail, the file,
and a new upload (multipart), checked by content and size like every upload and waiting
for the buyer's acceptance before it counts."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from relmgmt.api.base import FILE_RESPONSES
from relmgmt.core.dates import organization_today
from relmgmt.core.files import private_download
from suppliers.filters.certificates import PortalCertificateFilter
from suppliers.models import Certificate
from suppliers.selectors import certificates as certificate_selectors
from suppliers.services import certificates as certificate_services
from suppliers.services.certificates import CERTIFICATE_FIELDS

from .base import PortalAPIMixin, portal_url


class PortalCertificateSerializer(serializers.ModelSerializer):
    file = serializers.FileField(
        write_only=True,
        help_text="The certificate's file: PDF, PNG or JPEG (checked by content), at most "
        "10 MB by default.",
    )
    validity = serializers.SerializerMethodField(
        help_text="valid, expiring (within 60 days), expired or not_yet_valid."
    )
    replaced = serializers.BooleanField(
        read_only=True, default=False, help_text="A newer certificate of the same type ends later."
    )
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = [
            "id",
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
            "rejection_reason",
            "accepted_at",
            "created_at",
            "download_url",
        ]
        read_only_fields = [
            "id",
            "original_name",
            "content_type",
            "size",
            "status",
            "rejection_reason",
            "accepted_at",
            "created_at",
        ]
        # The model's checks (dates) run in the service.
        validators = []

    def get_validity(self, certificate) -> str:
        if "today" not in self.context:
            self.context["today"] = organization_today(self.context["view"].organization)
        return certificate_selectors.validity(certificate, self.context["today"])

    def get_download_url(self, certificate) -> str:
        return portal_url(self, "api-portal-certificate-download", certificate.pk)


class CertificateViewSet(
    PortalAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The supplier's certificates and documents, by type, the latest first. An upload is
    ``pending`` until the customer accepts it (then ``accepted``) or rejects it with a
    reason (``rejected``)."""

    serializer_class = PortalCertificateSerializer
    filterset_class = PortalCertificateFilter
    queryset = Certificate.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    select = staticmethod(certificate_selectors.portal_certificates)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        upload = data.pop("file")
        certificate = certificate_services.certificate_upload_by_supplier(
            organization=self.organization,
            actor=self.request.user,
            supplier=self.supplier,
            data={field: data[field] for field in CERTIFICATE_FIELDS if field in data},
            upload=upload,
        )
        serializer.instance = self.get_queryset().get(pk=certificate.pk)

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
