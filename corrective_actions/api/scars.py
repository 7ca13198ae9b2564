"""Suppliers' 8Ds in the buyer's API: the list with the page's filters, one with its steps,
evidence and history (internal notes included); issue one; accept or return a step
(``review``), keep an internal note, cancel. Writes go through the services."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from corrective_actions.filters.scars import ScarFilter
from corrective_actions.models import (
    ScarAttachment,
    ScarEvent,
    ScarStep,
    SupplierCorrectiveAction,
)
from corrective_actions.models.scars import Discipline, ScarSource
from corrective_actions.selectors import nonconformities as nc_selectors
from corrective_actions.selectors import scars as selectors
from corrective_actions.services import scars as services
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin
from relmgmt.api.fields import MemberField
from suppliers.selectors.deliveries import deliveries
from suppliers.selectors.register import suppliers


class ScarAttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScarAttachment
        fields = ["id", "original_name", "content_type", "size"]
        read_only_fields = fields


class ScarStepSerializer(serializers.ModelSerializer):
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
            "times_returned",
            "attachments",
        ]
        read_only_fields = fields


class ScarEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScarEvent
        fields = ["discipline", "action", "at", "actor", "note", "internal"]
        read_only_fields = fields


class ScarSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    owner = MemberField(allow_null=True, required=False)
    overdue = serializers.BooleanField(read_only=True, default=False)
    steps = ScarStepSerializer(many=True, read_only=True)
    events = ScarEventSerializer(many=True, read_only=True)

    related = {
        "supplier": suppliers,
        "nonconformity": nc_selectors.nonconformities,
        "delivery": deliveries,
    }

    class Meta:
        model = SupplierCorrectiveAction
        fields = [
            "id",
            "reference",
            "supplier",
            "source",
            "nonconformity",
            "delivery",
            "moved_from_request",
            "title",
            "description",
            "internal_note",
            "owner",
            "state",
            "current_step",
            "overdue",
            "issued_at",
            "issued_by",
            "effectiveness_due_on",
            "effectiveness_result",
            "effectiveness_checked_at",
            "effectiveness_checked_by",
            "closed_at",
            "closed_by",
            "closure_signature",
            "steps",
            "events",
        ]
        read_only_fields = [
            "id",
            "reference",
            "moved_from_request",
            "state",
            "current_step",
            "overdue",
            "issued_at",
            "issued_by",
            "effectiveness_due_on",
            "effectiveness_result",
            "effectiveness_checked_at",
            "effectiveness_checked_by",
            "closed_at",
            "closed_by",
            "closure_signature",
            "steps",
            "events",
        ]


class ScarReviewSerializer(serializers.Serializer):
    discipline = serializers.ChoiceField(choices=Discipline.choices)
    action = serializers.ChoiceField(choices=services.REVIEW_CHOICES)
    comment = serializers.CharField(
        required=False, allow_blank=True, help_text="Required to return the step."
    )


class ScarNoteSerializer(serializers.Serializer):
    note = serializers.CharField(help_text="Never shown to the supplier.")


class ScarCancelSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ScarTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(key, item.label) for key, item in services.CHECK_TRANSITIONS.items()]
    )
    note = serializers.CharField(
        required=False, allow_blank=True, help_text="The check's result (required for it)."
    )
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        style={"input_type": "password"},
        help_text="Signs the closure.",
    )


class ScarViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Suppliers' 8D reports: the list takes the page's filters; the buyer accepts or
    returns a submitted step with ``review`` (a move the step does not allow is refused,
    400, naming the allowed ones)."""

    serializer_class = ScarSerializer
    filterset_class = ScarFilter
    queryset = SupplierCorrectiveAction.objects.none()
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupplierCorrectiveAction.objects.none()
        organization = self.organization
        return selectors.scars(organization=organization).prefetch_related(
            Prefetch(
                "steps",
                queryset=ScarStep.objects.filter(organization=organization).prefetch_related(
                    Prefetch(
                        "attachments",
                        queryset=ScarAttachment.objects.filter(organization=organization),
                    )
                ),
            ),
            Prefetch("events", queryset=ScarEvent.objects.filter(organization=organization)),
        )

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier = data.pop("supplier")
        nonconformity = data.pop("nonconformity", None)
        delivery = data.pop("delivery", None)
        source = data.pop("source", ScarSource.OTHER)
        if nonconformity is not None and source == ScarSource.OTHER:
            source = ScarSource.NONCONFORMITY
        elif delivery is not None and source == ScarSource.OTHER:
            source = ScarSource.DELIVERY
        record = services.scar_issue(
            organization=self.organization,
            actor=self.request.user,
            supplier=supplier,
            data=data,
            source=source,
            nonconformity=nonconformity,
            delivery=delivery,
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def _answer(self, record):
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(request=ScarReviewSerializer, responses=ScarSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None, **kwargs):
        """Accept or return a step the supplier submitted."""
        record = self.get_object()
        given = ScarReviewSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.step_review(
            organization=self.organization,
            actor=request.user,
            scar=record,
            discipline=int(given.validated_data["discipline"]),
            action=given.validated_data["action"],
            comment=given.validated_data.get("comment", ""),
        )
        return self._answer(record)

    @extend_schema(request=ScarNoteSerializer, responses=ScarSerializer)
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None, **kwargs):
        """Keep an internal note in the history (never shown to the supplier)."""
        record = self.get_object()
        given = ScarNoteSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.scar_note(
            organization=self.organization,
            actor=request.user,
            scar=record,
            note=given.validated_data["note"],
        )
        return self._answer(record)

    @extend_schema(request=ScarTransitionSerializer, responses=ScarSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, **kwargs):
        """After D8 is accepted: record the effectiveness check (``effective`` or
        ``not_effective`` with its result, by a manager other than the owner, once it falls
        due) or sign the closure of an effective 8D (``close`` with your password). A move
        the state does not allow is refused (400), naming the allowed ones."""
        record = self.get_object()
        given = ScarTransitionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.scar_transition(
            organization=self.organization,
            actor=request.user,
            scar=record,
            **given.validated_data,
        )
        return self._answer(record)

    @extend_schema(request=ScarCancelSerializer, responses=ScarSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None, **kwargs):
        record = self.get_object()
        given = ScarCancelSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.scar_cancel(
            organization=self.organization,
            actor=request.user,
            scar=record,
            reason=given.validated_data["reason"],
        )
        return self._answer(record)
