"""Corrective actions' API: the list with the page's filters (recurrence and overdue
included), one with its analysis, actions and timeline; moves through the states as an
action (the closure signed with the password). Writes go through the services."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from corrective_actions.filters.corrective_actions import CorrectiveActionFilter
from corrective_actions.models import (
    ActionStep,
    CorrectiveAction,
    CorrectiveActionEvent,
    FishboneCause,
    WhyStep,
)
from corrective_actions.models.corrective_actions import CaState
from corrective_actions.selectors import corrective_actions as selectors
from corrective_actions.selectors.nonconformities import nonconformities
from corrective_actions.services import analysis as analysis_services
from corrective_actions.services import corrective_actions as services
from corrective_actions.services import root_cause as root_cause_services
from feedback.selectors.complaints import complaints
from feedback.selectors.surveys import loop_response
from parties.selectors.register import parties
from parties.selectors.risks import risks
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin, split_reason
from relmgmt.api.fields import MemberField
from suppliers.selectors.register import suppliers


class EventSerializer(serializers.ModelSerializer):
    # Blank for the first event (the corrective action came from no state).
    from_state = serializers.ChoiceField(choices=CaState.choices, allow_blank=True, read_only=True)

    class Meta:
        model = CorrectiveActionEvent
        fields = ["from_state", "to_state", "at", "actor", "note"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionStep
        fields = ["id", "description", "owner", "due_on", "status", "done_on", "evidence"]
        read_only_fields = fields


class WhySerializer(serializers.ModelSerializer):
    class Meta:
        model = WhyStep
        fields = ["id", "position", "why", "because"]
        read_only_fields = fields


class CauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = FishboneCause
        fields = ["id", "category", "cause", "is_root"]
        read_only_fields = fields


class AnalysisSerializer(serializers.Serializer):
    summary = serializers.CharField()
    whys = WhySerializer(many=True)
    causes = CauseSerializer(many=True)


class CorrectiveActionSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    owner = MemberField()
    events = EventSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)
    analysis = serializers.SerializerMethodField()
    age_days = serializers.SerializerMethodField()
    recurrent = serializers.BooleanField(read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    related = {
        "nonconformity": nonconformities,
        "complaint": complaints,
        "party": parties,
        "supplier": suppliers,
        "risk": risks,
        "survey_response": loop_response,
    }

    class Meta:
        model = CorrectiveAction
        fields = [
            "id",
            "reference",
            "source",
            "source_reference",
            "nonconformity",
            "complaint",
            "party",
            "supplier",
            "risk",
            "survey_response",
            "category",
            "severity",
            "title",
            "problem_statement",
            "containment",
            "owner",
            "state",
            "cycle",
            "previous",
            "action_needed",
            "decision_note",
            "analysis",
            "steps",
            "verified_at",
            "verified_by",
            "verification_note",
            "effectiveness_criterion",
            "effectiveness_due_on",
            "effectiveness_result",
            "effectiveness_checked_at",
            "effectiveness_checked_by",
            "risks_updated",
            "qms_changes",
            "opened_at",
            "closed_at",
            "closed_by",
            "closure_signature",
            "age_days",
            "recurrent",
            "events",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "reference",
            "state",
            "cycle",
            "previous",
            "action_needed",
            "decision_note",
            "verified_at",
            "verified_by",
            "verification_note",
            "effectiveness_due_on",
            "effectiveness_result",
            "effectiveness_checked_at",
            "effectiveness_checked_by",
            "opened_at",
            "closed_at",
            "closed_by",
            "closure_signature",
            "events",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(AnalysisSerializer)
    def get_analysis(self, record) -> dict:
        return {
            "summary": record.analysis.summary,
            "whys": WhySerializer(record.analysis.whys.all(), many=True).data,
            "causes": CauseSerializer(record.analysis.causes.all(), many=True).data,
        }

    def get_age_days(self, record) -> int:
        return selectors.age_days(record)


class CaTransitionRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(key, item.label) for key, item in services.TRANSITIONS.items()]
    )
    note = serializers.CharField(required=False, allow_blank=True)
    criterion = serializers.CharField(
        required=False, allow_blank=True, help_text="To verify: the effectiveness criterion."
    )
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        style={"input_type": "password"},
        help_text="To close: the signer's password.",
    )


class SummaryRequestSerializer(serializers.Serializer):
    summary = serializers.CharField(
        allow_blank=True, max_length=20000, help_text="The root cause in words."
    )


class CorrectiveActionFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    open_by_age = serializers.ListField(child=serializers.ListField())
    overdue = serializers.IntegerField()
    median_days_to_close = serializers.FloatField(allow_null=True)
    effectiveness_rate = serializers.FloatField(allow_null=True)
    recurrence_rate = serializers.FloatField(allow_null=True)


class CorrectiveActionViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Corrective actions (ISO 9001 10.2): the list takes the page's filters; one moves
    through its states with the ``transition`` action. Not deleted: cancel them."""

    serializer_class = CorrectiveActionSerializer
    filterset_class = CorrectiveActionFilter
    queryset = CorrectiveAction.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CorrectiveAction.objects.none()
        return (
            selectors.corrective_actions(organization=self.organization)
            .select_related("analysis")
            .prefetch_related("events", "steps", "analysis__whys", "analysis__causes")
        )

    def perform_create(self, serializer):
        data, _reason = split_reason(serializer)
        record = services.ca_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        record = services.ca_update(
            organization=self.organization,
            actor=self.request.user,
            corrective_action=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)

    @extend_schema(request=CaTransitionRequestSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, **kwargs):
        """Move the corrective action: decide_needed, decide_not_needed, start_actions,
        verify, effective, not_effective (opens the next cycle), close (signed) or cancel.
        A move its state does not allow is refused (400), naming the allowed ones."""
        record = self.get_object()
        given = CaTransitionRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.ca_transition(
            organization=self.organization,
            actor=request.user,
            corrective_action=record,
            **given.validated_data,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(request=SummaryRequestSerializer, responses=CorrectiveActionSerializer)
    @action(detail=True, methods=["patch"], url_path="root-cause")
    def root_cause(self, request, pk=None, **kwargs):
        """Change the root cause in words. The five whys and the fishbone's causes are
        changed at ``corrective-action-whys`` and ``corrective-action-causes``; all of it
        only while the corrective action is open, in analysis or with its actions under way."""
        record = self.get_object()
        given = SummaryRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        root_cause_services.summary_save(
            organization=self.organization,
            actor=request.user,
            analysis=analysis_services.editable_analysis(record),
            summary=given.validated_data["summary"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)

    @extend_schema(responses=CorrectiveActionFiguresSerializer, filters=True)
    @action(detail=False, methods=["get"])
    def figures(self, request, **kwargs):
        """Open by age bucket, overdue, the median days to close, the share found effective
        and the share of recurrences (percentages), over what the filters select."""
        queryset = self.filter_queryset(self.get_queryset())
        figures = selectors.figures(organization=self.organization, queryset=queryset)
        return Response(CorrectiveActionFiguresSerializer(figures.__dict__).data)
