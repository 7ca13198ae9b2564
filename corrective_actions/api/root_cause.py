"""The root cause analysis of a corrective action through the API: the five whys (add,
change, move to another place in the chain, remove) and the fishbone's causes (add, change,
mark as root or not, remove), with the same rules and audit events as the page's editing
(``corrective_actions.services.root_cause``). The analysis in words is changed on the
corrective action (``root-cause``); the whole analysis is read there too."""

from django.db import transaction
from django.db.models import OuterRef, Subquery
from rest_framework import mixins, serializers, viewsets

from corrective_actions.models import CorrectiveAction, FishboneCause, WhyStep
from corrective_actions.models.root_cause import FishboneCategory
from corrective_actions.selectors import corrective_actions as selectors
from corrective_actions.services import analysis as ca_analysis
from corrective_actions.services import root_cause as services
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin


class _OfCorrectiveAction(OrganizationFieldsMixin, serializers.ModelSerializer):
    """The corrective action is named on create and fixed after."""

    corrective_action = serializers.PrimaryKeyRelatedField(
        queryset=CorrectiveAction.objects.none(),
        help_text="The corrective action whose analysis this belongs to (on create only).",
    )
    related = {"corrective_action": selectors.corrective_actions}
    parent = "corrective_action"


class WhyStepSerializer(_OfCorrectiveAction):
    position = serializers.IntegerField(
        min_value=1,
        max_value=services.MAX_WHYS,
        required=False,
        help_text="Its place in the chain (1 is the first); a new step goes last when not given.",
    )
    why = serializers.CharField(max_length=services.MAX_LINE)
    because = serializers.CharField(max_length=services.MAX_LINE, required=False, allow_blank=True)

    class Meta:
        model = WhyStep
        fields = ["id", "corrective_action", "position", "why", "because"]
        read_only_fields = ["id"]


class FishboneCauseSerializer(_OfCorrectiveAction):
    category = serializers.ChoiceField(choices=FishboneCategory.choices)
    cause = serializers.CharField(max_length=services.MAX_LINE)
    is_root = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = FishboneCause
        fields = ["id", "corrective_action", "category", "cause", "is_root"]
        read_only_fields = ["id"]


class _AnalysisPartViewSet(
    OrganizationAPIMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    model: type = WhyStep

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        owners = CorrectiveAction.objects.filter(
            organization=self.organization, analysis=OuterRef("analysis")
        ).values("pk")[:1]
        # Only the analyses of corrective actions (an 8D's analysis is not reached here).
        return (
            self.model.objects.filter(organization=self.organization)
            .annotate(corrective_action=Subquery(owners))
            .filter(corrective_action__isnull=False)
            .select_related("analysis")
        )

    def _record(self, pk) -> CorrectiveAction:
        return selectors.ca_detail(organization=self.organization).get(pk=pk)

    def _fresh(self, pk):
        return self.get_queryset().get(pk=pk)


class WhyStepViewSet(_AnalysisPartViewSet):
    """The five whys of a corrective action: a step asks why, and gives the answer
    (because ...). Changed only while the corrective action is open, in analysis or with
    its actions under way; ``position`` moves a step, the others closing up behind it."""

    serializer_class = WhyStepSerializer
    queryset = WhyStep.objects.none()
    model = WhyStep

    def perform_create(self, serializer):
        data = serializer.validated_data
        record = data["corrective_action"]
        with transaction.atomic():
            analysis = ca_analysis.editable_analysis(record)
            step = services.why_add(
                organization=self.organization,
                actor=self.request.user,
                analysis=analysis,
                why=data["why"],
                because=data.get("because", ""),
            )
            if data.get("position") is not None:
                step = services.why_move(
                    organization=self.organization,
                    actor=self.request.user,
                    step=step,
                    position=data["position"],
                )
        serializer.instance = self._fresh(step.pk)

    def perform_update(self, serializer):
        step, data = serializer.instance, serializer.validated_data
        with transaction.atomic():
            ca_analysis.editable_analysis(self._record(step.corrective_action))
            if "why" in data or "because" in data:
                step = services.why_update(
                    organization=self.organization,
                    actor=self.request.user,
                    step=step,
                    why=data.get("why", step.why),
                    because=data.get("because", step.because),
                )
            if data.get("position") is not None:
                services.why_move(
                    organization=self.organization,
                    actor=self.request.user,
                    step=step,
                    position=data["position"],
                )
        serializer.instance = self._fresh(step.pk)

    def perform_destroy(self, instance):
        with transaction.atomic():
            ca_analysis.editable_analysis(self._record(instance.corrective_action))
            services.why_delete(
                organization=self.organization, actor=self.request.user, step=instance
            )


class FishboneCauseViewSet(_AnalysisPartViewSet):
    """The fishbone's causes of a corrective action, by category (people, machine, method,
    material, measurement, environment), each marked as a root cause or not. Changed only
    while the corrective action is open, in analysis or with its actions under way."""

    serializer_class = FishboneCauseSerializer
    queryset = FishboneCause.objects.none()
    model = FishboneCause

    def perform_create(self, serializer):
        data = serializer.validated_data
        with transaction.atomic():
            analysis = ca_analysis.editable_analysis(data["corrective_action"])
            cause = services.cause_add(
                organization=self.organization,
                actor=self.request.user,
                analysis=analysis,
                category=data["category"],
                cause=data["cause"],
                is_root=data.get("is_root", False),
            )
        serializer.instance = self._fresh(cause.pk)

    def perform_update(self, serializer):
        cause, data = serializer.instance, serializer.validated_data
        with transaction.atomic():
            ca_analysis.editable_analysis(self._record(cause.corrective_action))
            services.cause_update(
                organization=self.organization,
                actor=self.request.user,
                cause=cause,
                category=data.get("category", cause.category),
                text_of_cause=data.get("cause", cause.cause),
                is_root=data.get("is_root", cause.is_root),
            )
        serializer.instance = self._fresh(cause.pk)

    def perform_destroy(self, instance):
        with transaction.atomic():
            ca_analysis.editable_analysis(self._record(instance.corrective_action))
            services.cause_delete(
                organization=self.organization, actor=self.request.user, cause=instance
            )
