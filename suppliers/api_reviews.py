"""Re-evaluations, performance reviews (with their actions) and agreements (with their
service levels and disputes) in the API. Lists use the same FilterSets as the pages; writes
go through the services, which refuse bad input naming the field (rows by their number)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parties.models import Contact
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField
from suppliers import selectors_reviews as selectors
from suppliers.filters_reviews import (
    AgreementFilter,
    PerformanceReviewFilter,
    ReEvaluationDueFilter,
    ReEvaluationFilter,
)
from suppliers.models import Supplier
from suppliers.models_agreements import Agreement, Dispute, ServiceLevel
from suppliers.models_evaluations import ReEvaluation
from suppliers.models_reviews import PerformanceReview, ReviewAction
from suppliers.services import agreements as agreement_services
from suppliers.services import evaluations as evaluation_services
from suppliers.services import performance_reviews as review_services


def _organization(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", request), "organization", None)


class OrganizationSupplierField(serializers.PrimaryKeyRelatedField):
    """A supplier of the request's organisation, by id (any other is "not found")."""

    def get_queryset(self):
        organization = _organization(self)
        if organization is None:
            return Supplier.objects.none()
        return Supplier.objects.filter(organization=organization)


class OrganizationContactField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        organization = _organization(self)
        if organization is None:
            return Contact.objects.none()
        return Contact.objects.filter(organization=organization)


# --- Re-evaluations ------------------------------------------------------------------------


class ReEvaluationSerializer(serializers.ModelSerializer):
    supplier = OrganizationSupplierField()
    evaluator = MemberField()
    certificates = serializers.ListField(
        child=serializers.IntegerField(),
        write_only=True,
        required=False,
        help_text="Ids of the supplier's certificates looked at; a copy of each is kept in "
        "certificates_reviewed.",
    )
    next_evaluation_due = serializers.DateField(
        required=False,
        help_text="Empty: the organisation's interval for the supplier's criticality.",
    )
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        style={"input_type": "password"},
        help_text="Your password, when the decision makes a signed change of approval status.",
    )
    transition_to = serializers.CharField(
        source="transition.to_status", read_only=True, default=None, allow_null=True
    )
    signed = serializers.SerializerMethodField()

    class Meta:
        model = ReEvaluation
        fields = [
            "id",
            "supplier",
            "evaluated_on",
            "evaluator",
            "certificates",
            "certificates_reviewed",
            "scorecard_snapshot",
            "questionnaire_snapshot",
            "audit_on",
            "audit_result",
            "audit_reference",
            "audit_notes",
            "other_evidence",
            "decision",
            "reason",
            "conditions",
            "conditions_until",
            "next_evaluation_due",
            "transition",
            "transition_to",
            "signed",
            "password",
            "created_at",
        ]
        read_only_fields = [
            "certificates_reviewed",
            "scorecard_snapshot",
            "questionnaire_snapshot",
            "transition",
            "created_at",
        ]
        validators = []

    def get_signed(self, record) -> bool:
        return bool(record.transition_id and record.transition.signature_id)


class ReEvaluationViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Re-evaluations of suppliers (ISO 9001 8.4.1), newest first. Recorded once (they are
    evidence): the decision is carried out as an approval transition when it changes the
    status, signed with ``password`` where that transition is signed."""

    serializer_class = ReEvaluationSerializer
    filterset_class = ReEvaluationFilter
    queryset = ReEvaluation.objects.none()
    select = staticmethod(selectors.reevaluations)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        supplier = data.pop("supplier")
        password = data.pop("password", "")
        record = evaluation_services.reevaluation_record(
            organization=self.organization,
            actor=self.request.user,
            supplier=supplier,
            data=data,
            password=password,
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)


class ReEvaluationDueSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="party.name", read_only=True)
    last_evaluated_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "code",
            "name",
            "criticality",
            "status",
            "owner",
            "next_evaluation_due",
            "last_evaluated_on",
        ]
        read_only_fields = fields


class ReEvaluationDueViewSet(OrganizationAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Suppliers re-evaluated on a schedule, soonest due first (the due list page)."""

    serializer_class = ReEvaluationDueSerializer
    filterset_class = ReEvaluationDueFilter
    queryset = Supplier.objects.none()
    write_permission = None
    select = staticmethod(selectors.reevaluations_due)


# --- Performance reviews ---------------------------------------------------------------------


class ReviewActionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, help_text="Given: change that action; left out: a new action."
    )
    owner = MemberField()
    done = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAction
        fields = ["id", "review", "description", "owner", "due_on", "done", "done_at"]
        read_only_fields = ["review", "done_at"]

    def get_done(self, action_row) -> bool:
        return action_row.done_at is not None


class PerformanceReviewSerializer(serializers.ModelSerializer):
    supplier = OrganizationSupplierField()
    members = MemberField(many=True, required=False)
    contacts = OrganizationContactField(many=True, required=False)
    actions = ReviewActionSerializer(
        many=True,
        required=False,
        help_text="Given on a change: these replace the review's actions (matched by id).",
    )
    open_actions = serializers.IntegerField(read_only=True, default=0)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = PerformanceReview
        fields = [
            "id",
            "supplier",
            "held_on",
            "members",
            "contacts",
            "scorecard_snapshot",
            "minutes",
            "decisions",
            "actions",
            "open_actions",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["scorecard_snapshot", "created_at", "updated_at"]
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["supplier"].read_only = True
        return fields

    def create(self, validated_data):  # writes go through the view's service call
        raise NotImplementedError

    def update(self, instance, validated_data):
        raise NotImplementedError


class PerformanceReviewViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Performance reviews with suppliers, newest first, with attendees and actions; the
    scorecard is copied when the review is recorded."""

    serializer_class = PerformanceReviewSerializer
    filterset_class = PerformanceReviewFilter
    queryset = PerformanceReview.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    select = staticmethod(selectors.performance_reviews_full)

    def _data(self, serializer):
        data = dict(serializer.validated_data)
        if "actions" in data:
            data["actions"] = [dict(row) for row in data["actions"]]
        return data, data.pop("reason", "")

    def perform_create(self, serializer):
        data, _reason = self._data(serializer)
        supplier = data.pop("supplier")
        review = review_services.performance_review_create(
            organization=self.organization, actor=self.request.user, supplier=supplier, data=data
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def perform_update(self, serializer):
        data, reason = self._data(serializer)
        review = review_services.performance_review_update(
            organization=self.organization,
            actor=self.request.user,
            review=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)


class DoneSerializer(serializers.Serializer):
    done = serializers.BooleanField(help_text="True closes the action; false reopens it.")


class ReviewActionViewSet(
    OrganizationAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Actions agreed in performance reviews, soonest due first; close or reopen one."""

    serializer_class = ReviewActionSerializer
    queryset = ReviewAction.objects.none()
    select = staticmethod(selectors.review_actions)

    @extend_schema(request=DoneSerializer, responses=ReviewActionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None, **kwargs):
        """Close an action (its reminders stop) or reopen it (reminded again)."""
        action_row = self.get_object()
        given = DoneSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        action_row = review_services.review_action_set_done(
            organization=self.organization,
            actor=request.user,
            action=action_row,
            done=given.validated_data["done"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=action_row.pk)).data)


# --- Agreements ------------------------------------------------------------------------------


class ServiceLevelSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = ServiceLevel
        fields = ["id", "measure", "target", "unit"]


class DisputeSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(required=False)

    class Meta:
        model = Dispute
        fields = ["id", "raised_on", "description", "status", "resolution"]


class AgreementSerializer(serializers.ModelSerializer):
    supplier = OrganizationSupplierField()
    service_levels = ServiceLevelSerializer(
        many=True, required=False, help_text="Given on a change: these replace the rows (by id)."
    )
    disputes = DisputeSerializer(
        many=True, required=False, help_text="Given on a change: these replace the rows (by id)."
    )
    open_disputes = serializers.IntegerField(read_only=True, default=0)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "supplier",
            "contract_reference",
            "title",
            "status",
            "starts_on",
            "ends_on",
            "review_on",
            "exit_plan",
            "service_levels",
            "disputes",
            "open_disputes",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # The service checks dates and the reference's uniqueness, naming the field.
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            fields["supplier"].read_only = True
        return fields

    def create(self, validated_data):
        raise NotImplementedError

    def update(self, instance, validated_data):
        raise NotImplementedError


class AgreementViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Agreements with suppliers, soonest ending first, with service levels and disputes."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter
    queryset = Agreement.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]
    select = staticmethod(selectors.agreements_full)

    def _data(self, serializer):
        data = dict(serializer.validated_data)
        for name in ("service_levels", "disputes"):
            if name in data:
                data[name] = [dict(row) for row in data[name]]
        return data, data.pop("reason", "")

    def perform_create(self, serializer):
        data, _reason = self._data(serializer)
        agreement = agreement_services.agreement_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)

    def perform_update(self, serializer):
        data, reason = self._data(serializer)
        agreement = agreement_services.agreement_update(
            organization=self.organization,
            actor=self.request.user,
            agreement=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=agreement.pk)
