"""Re-evaluations in the API: recorded once (they are evidence), the decision carried out as
an approval transition, signed with ``password`` where it must be; and the suppliers due."""

from rest_framework import mixins, serializers, viewsets

from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField
from suppliers.api.fields import OrganizationSupplierField
from suppliers.filters.reevaluations import ReEvaluationDueFilter, ReEvaluationFilter
from suppliers.models import ReEvaluation, Supplier
from suppliers.selectors import reevaluations as selectors
from suppliers.services import reevaluations as evaluation_services


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
