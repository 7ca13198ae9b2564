"""Scorecards through the API: definitions (a POST makes the next version), results with
their inputs (filters supplier, period, standing), manual ratings, suspension proposals
(confirm or reject, signed with the password) and recalculation jobs."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin
from suppliers.filters.scorecards import ScorecardResultFilter
from suppliers.models import (
    ManualRating,
    RecomputeJob,
    ScorecardCriterion,
    ScorecardDefinition,
    ScorecardResult,
    Supplier,
    SuspensionProposal,
)
from suppliers.models.metrics import METRICS, metric_choices
from suppliers.selectors import register as register_selectors
from suppliers.selectors import scorecards as selectors
from suppliers.services.scorecards import definitions as scorecard_definitions
from suppliers.services.scorecards import jobs as scorecard_jobs
from suppliers.services.scorecards import proposals as scorecard_proposals


class CriterionSerializer(serializers.ModelSerializer):
    metric = serializers.ChoiceField(choices=metric_choices())
    zero_points_at = serializers.DecimalField(max_digits=14, decimal_places=3, required=False)
    full_points_at = serializers.DecimalField(max_digits=14, decimal_places=3, required=False)

    class Meta:
        model = ScorecardCriterion
        fields = ["metric", "weight", "zero_points_at", "full_points_at", "tolerance_days"]
        extra_kwargs = {"weight": {"validators": []}, "tolerance_days": {"required": False}}


class DefinitionSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True)
    note = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = ScorecardDefinition
        fields = [
            "id",
            "version",
            "period",
            "excellent_from",
            "good_from",
            "needs_improvement_from",
            "consequences",
            "criteria",
            "change_note",
            "created_by",
            "created_at",
            "note",
        ]
        read_only_fields = ["id", "version", "change_note", "created_by", "created_at"]
        # Each version names its period: the model's default would silently switch a
        # quarterly scorecard to monthly.
        extra_kwargs = {"period": {"required": True}}


class DefinitionViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Scorecard definitions, newest version first; the first is in force. Weights must add
    up to 100. Creating one makes the next version and recalculates every scorecard."""

    serializer_class = DefinitionSerializer
    queryset = ScorecardDefinition.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ScorecardDefinition.objects.none()
        return selectors.definitions(organization=self.organization).prefetch_related("criteria")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        definition = scorecard_definitions.definition_save(
            organization=self.organization,
            actor=self.request.user,
            period=data["period"],
            criteria=[dict(item) for item in data["criteria"]],
            excellent_from=data.get("excellent_from", 85),
            good_from=data.get("good_from", 70),
            needs_improvement_from=data.get("needs_improvement_from", 50),
            consequences=data.get("consequences"),
            note=data.get("note", ""),
        )
        serializer.instance = self.get_queryset().get(pk=definition.pk)


class ResultSerializer(serializers.ModelSerializer):
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)
    criteria = serializers.SerializerMethodField()

    class Meta:
        model = ScorecardResult
        fields = [
            "id",
            "supplier",
            "supplier_code",
            "period_start",
            "definition",
            "score",
            "standing",
            "computed_at",
            "delivery_count",
            "on_time_in_full_count",
            "late_count",
            "quantity_received",
            "quantity_rejected",
            "first_received",
            "last_received",
            "rating_count",
            "criteria",
        ]

    def get_criteria(self, result) -> dict:
        """Each metric's raw value and points (null: no data, or not a criterion)."""
        return {
            key: {
                "value": getattr(result, metric.value_column),
                "points": getattr(result, metric.points_column),
            }
            for key, metric in METRICS.items()
        }


class ResultViewSet(
    OrganizationAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Scores per supplier and period with their inputs; ``standing=none`` is no data."""

    serializer_class = ResultSerializer
    filterset_class = ScorecardResultFilter
    queryset = ScorecardResult.objects.none()
    write_permission = None
    select = staticmethod(selectors.results)

    def get_queryset(self):
        return super().get_queryset().order_by("supplier_id", "-period_start")


class ManualRatingSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.none())

    related = {"supplier": register_selectors.suppliers}

    class Meta:
        model = ManualRating
        fields = ["id", "supplier", "period_start", "rating", "note", "rated_by", "created_at"]
        read_only_fields = ["id", "rated_by", "created_at"]
        validators = []


class ManualRatingViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Manual ratings (1 to 5) per supplier and month; posting the same month again
    replaces the rating. Rescores that period."""

    serializer_class = ManualRatingSerializer
    queryset = ManualRating.objects.none()
    select = staticmethod(selectors.manual_ratings)

    def perform_create(self, serializer):
        data = serializer.validated_data
        rating = scorecard_definitions.manual_rating_save(
            organization=self.organization,
            actor=self.request.user,
            supplier=data["supplier"],
            period_start=data["period_start"],
            rating=data["rating"],
            note=data.get("note", ""),
        )
        serializer.instance = self.get_queryset().get(pk=rating.pk)


class ProposalSerializer(serializers.ModelSerializer):
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)

    class Meta:
        model = SuspensionProposal
        fields = [
            "id",
            "supplier",
            "supplier_code",
            "period_start",
            "score",
            "standing",
            "definition",
            "status",
            "decision_reason",
            "decided_by",
            "decided_at",
            "signature",
            "transition",
            "created_at",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField()
    password = serializers.CharField(help_text="Your password: the decision is signed.")


class ProposalViewSet(
    OrganizationAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Suspension proposals from the scorecard. Confirm suspends the supplier (signed);
    reject keeps it; both are signed with the password and need a reason."""

    serializer_class = ProposalSerializer
    queryset = SuspensionProposal.objects.none()
    select = staticmethod(selectors.proposals)
    write_permission = scorecard_proposals.DECIDE_PERMISSION

    def _decide(self, request, decide):
        proposal = self.get_object()
        given = DecisionSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        decide(
            organization=self.organization,
            actor=request.user,
            proposal=proposal,
            password=given.validated_data["password"],
            reason=given.validated_data["reason"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=proposal.pk)).data)

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None, **kwargs):
        return self._decide(request, scorecard_proposals.proposal_confirm)

    @extend_schema(request=DecisionSerializer, responses=ProposalSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None, **kwargs):
        return self._decide(request, scorecard_proposals.proposal_reject)


class JobSerializer(serializers.ModelSerializer):
    class Meta:
        model = RecomputeJob
        fields = ["id", "status", "progress", "message", "created_at", "started_at", "finished_at"]
        read_only_fields = fields


class JobViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Recalculations of every scorecard: POST queues one (or returns the one waiting);
    poll it by id."""

    serializer_class = JobSerializer
    queryset = RecomputeJob.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RecomputeJob.objects.none()
        return RecomputeJob.objects.filter(organization=self.organization).order_by("-id")

    @extend_schema(request=None, responses={202: JobSerializer})
    def create(self, request, **kwargs):
        job = scorecard_jobs.recompute_job_request(
            organization=self.organization, actor=request.user
        )
        return Response(JobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
