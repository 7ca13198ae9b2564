"""Suppliers' 8Ds in the supplier portal API (under /api/v1/portal/<org_slug>/8d/): those
addressed to the member's own supplier (another supplier's ids are 404), with their steps,
D4's analysis and the history without the buyer's internal notes; the answer to a step
(JSON, or multipart with evidence files); D4's whys and fishbone causes; the evidence's
files."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from corrective_actions.api.scars import ScarAttachmentSerializer
from corrective_actions.models import (
    FishboneCause,
    ScarAttachment,
    ScarEvent,
    ScarStep,
    SupplierCorrectiveAction,
    WhyStep,
)
from corrective_actions.models.root_cause import FishboneCategory
from corrective_actions.models.scars import Discipline
from corrective_actions.selectors import scars as selectors
from corrective_actions.services import root_cause
from corrective_actions.services import scars as services
from relmgmt.api.base import FILE_RESPONSES
from relmgmt.core.files import private_download
from suppliers.api.portal.base import PortalAPIMixin


class PortalScarStepSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    attachments = ScarAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ScarStep
        fields = [
            "discipline",
            "code",
            "status",
            "due_date",
            "answer",
            "is_not",
            "escape_point",
            "first_answered_at",
            "answered_at",
            "review_comment",
            "reviewed_at",
            "attachments",
        ]
        read_only_fields = fields


class PortalScarEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScarEvent
        fields = ["discipline", "action", "at", "note"]
        read_only_fields = fields


class ScarWhySerializer(serializers.ModelSerializer):
    class Meta:
        model = WhyStep
        fields = ["id", "position", "why", "because"]
        read_only_fields = ["id", "position"]


class ScarCauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = FishboneCause
        fields = ["id", "category", "cause", "is_root"]
        read_only_fields = ["id"]


class PortalScarSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(read_only=True, default=False)
    steps = PortalScarStepSerializer(many=True, read_only=True)
    events = PortalScarEventSerializer(many=True, read_only=True)
    whys = ScarWhySerializer(many=True, read_only=True, source="analysis.whys")
    causes = ScarCauseSerializer(many=True, read_only=True, source="analysis.causes")
    root_cause = serializers.CharField(read_only=True, source="analysis.summary")

    class Meta:
        model = SupplierCorrectiveAction
        fields = [
            "id",
            "reference",
            "title",
            "description",
            "state",
            "current_step",
            "overdue",
            "issued_at",
            "closed_at",
            "steps",
            "whys",
            "causes",
            "root_cause",
            "events",
        ]
        read_only_fields = fields


class ScarAnswerSerializer(serializers.Serializer):
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    answer = serializers.CharField()
    is_not = serializers.CharField(required=False, allow_blank=True, help_text="D2's is not.")
    escape_point = serializers.CharField(
        required=False, allow_blank=True, help_text="D4: where it should have been caught."
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Optional (multipart): PDF, PNG or JPEG files, checked by their content.",
    )


class ScarPortalViewSet(
    PortalAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The 8Ds asked of the supplier, newest first: answer the open step with ``answer``;
    a step out of order is refused (400) naming the step to answer."""

    serializer_class = PortalScarSerializer
    queryset = SupplierCorrectiveAction.objects.none()
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @staticmethod
    def select(*, organization, supplier):
        return selectors.portal_scars(
            organization=organization, supplier=supplier
        ).prefetch_related(
            Prefetch(
                "steps",
                queryset=ScarStep.objects.filter(organization=organization).prefetch_related(
                    Prefetch(
                        "attachments",
                        queryset=ScarAttachment.objects.filter(organization=organization),
                    )
                ),
            ),
            Prefetch(
                "events",
                queryset=ScarEvent.objects.filter(organization=organization, internal=False),
            ),
            Prefetch("analysis__whys", queryset=WhyStep.objects.filter(organization=organization)),
            Prefetch(
                "analysis__causes", queryset=FishboneCause.objects.filter(organization=organization)
            ),
        )

    def _answer(self, record):
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(request=ScarAnswerSerializer, responses=PortalScarSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None, **kwargs):
        """Answer the open (or returned) step; it then waits for the buyer's review."""
        record = self.get_object()
        given = ScarAnswerSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        services.step_submit(
            organization=self.organization,
            actor=request.user,
            scar=record,
            discipline=int(data["discipline"]),
            answer=data["answer"],
            is_not=data.get("is_not", ""),
            escape_point=data.get("escape_point", ""),
            uploads=data.get("files") or [],
        )
        return self._answer(record)

    @extend_schema(request=ScarWhySerializer, responses=PortalScarSerializer)
    @action(detail=True, methods=["post"], url_path="analysis-whys", url_name="analysis-whys")
    def whys(self, request, pk=None, **kwargs):
        """Add a why to D4's chain (while D4 awaits your answer)."""
        record = self.get_object()
        given = ScarWhySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        analysis = services.analysis_for_supplier(
            organization=self.organization, actor=request.user, scar=record
        )
        root_cause.why_add(
            organization=self.organization,
            actor=request.user,
            analysis=analysis,
            why=given.validated_data["why"],
            because=given.validated_data.get("because", ""),
        )
        return self._answer(record)

    @extend_schema(request=ScarCauseSerializer, responses=PortalScarSerializer)
    @action(detail=True, methods=["post"], url_path="analysis-causes", url_name="analysis-causes")
    def causes(self, request, pk=None, **kwargs):
        """Add a cause to D4's fishbone (while D4 awaits your answer)."""
        record = self.get_object()
        given = ScarCauseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        analysis = services.analysis_for_supplier(
            organization=self.organization, actor=request.user, scar=record
        )
        root_cause.cause_add(
            organization=self.organization,
            actor=request.user,
            analysis=analysis,
            category=given.validated_data.get("category", FishboneCategory.METHOD),
            cause=given.validated_data["cause"],
            is_root=given.validated_data.get("is_root", False),
        )
        return self._answer(record)


class ScarFileViewSet(PortalAPIMixin, viewsets.GenericViewSet):
    """The evidence files of the supplier's 8Ds."""

    queryset = ScarAttachment.objects.none()
    select = staticmethod(selectors.portal_attachments)

    @extend_schema(responses=FILE_RESPONSES)
    def retrieve(self, request, pk=None, **kwargs):
        attachment = self.get_object()
        return private_download(
            attachment.file,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
