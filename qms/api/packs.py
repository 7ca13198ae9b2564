"""Packs through the API, the same jobs as the evidence page's: ask for the evidence pack
of a period (auditors too), follow the worker's progress, download the ZIP or a management
review's PDF once built. Asking and downloading are logged (``PackAccess``)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qms.models import PackJob
from qms.selectors import packs as selectors
from qms.services import packs as services
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.core.files import no_store_download


class NotReady(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The pack is not built yet: follow its status."
    default_code = "not_ready"


class PackJobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)
    file_name = serializers.CharField(read_only=True)

    class Meta:
        model = PackJob
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "review",
            "status",
            "step",
            "steps_done",
            "steps_total",
            "percent",
            "message",
            "file_name",
            "size",
            "requested_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class EvidencePackRequestSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()


PACK_FILES = {
    (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="an evidence pack"),
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="a review's pack"),
    409: OpenApiResponse(description="not built yet, failed, or no longer kept"),
}


class PackJobViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Evidence packs and management review packs built by the worker, newest first.
    ``POST`` with a period asks for the evidence pack of it (at most three years); the
    answer is the queued job, whose ``status`` becomes ``done`` when its file can be
    downloaded (kept for seven days)."""

    serializer_class = PackJobSerializer
    queryset = PackJob.objects.none()
    read_permission = "evidence.export"
    write_permission = "evidence.export"
    select = staticmethod(selectors.pack_jobs)
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(request=EvidencePackRequestSerializer, responses={202: PackJobSerializer})
    def create(self, request, *args, **kwargs):
        period = EvidencePackRequestSerializer(data=request.data)
        period.is_valid(raise_exception=True)
        job = services.evidence_pack_request(
            organization=self.organization,
            actor=request.user,
            start=period.validated_data["start"],
            end=period.validated_data["end"],
        )
        body = self.get_serializer(self.get_queryset().get(pk=job.pk)).data
        return Response(body, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses=PACK_FILES)
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None, **kwargs):
        """The built pack as an attachment (logged)."""
        job = self.get_object()
        handle = services.pack_download(organization=self.organization, actor=request.user, job=job)
        if handle is None:
            if job.status == PackJob.Status.FAILED:
                raise NotReady("This pack could not be built; ask for it again.")
            if job.is_finished:
                raise NotReady("This pack is no longer kept; ask for it again.")
            raise NotReady()
        content_type = "application/pdf" if job.kind == PackJob.Kind.REVIEW else "application/zip"
        return no_store_download(handle, filename=job.file_name, content_type=content_type)
