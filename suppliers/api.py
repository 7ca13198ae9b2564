"""The supplier register's API: suppliers (same FilterSet as the list page), their status
transitions (an action with its reason; a password signs where it must), and the approved
supplier list for today or ``?date=``. Writes go through the services."""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parties.models import Party
from parties.services.register import organization_today
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField
from suppliers.filters.register import SupplierFilter
from suppliers.models import Supplier, SupplierTransition
from suppliers.models.register import ApprovalStatus, Category
from suppliers.selectors import approval as approval_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import approval
from suppliers.services import register as services


def _organization(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", request), "organization", None)


class TransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.display_name", read_only=True)
    signed_by = serializers.CharField(
        source="signature.signer_name", read_only=True, allow_null=True, default=None
    )
    signed_at = serializers.DateTimeField(
        source="signature.signed_at", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = SupplierTransition
        fields = [
            "id",
            "from_status",
            "to_status",
            "reason",
            "conditions",
            "conditions_until",
            "actor",
            "actor_name",
            "occurred_at",
            "signed_by",
            "signed_at",
        ]
        read_only_fields = fields


class SupplierSerializer(serializers.ModelSerializer):
    name = serializers.CharField(
        max_length=200,
        required=False,
        help_text="The supplier's name (its party's). On create: a party of this name becomes "
        "the supplier, or a new party is made.",
    )
    party = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.none(),
        required=False,
        help_text="On create, instead of a name: an existing party that is not yet a supplier.",
    )
    categories = serializers.ListField(child=serializers.ChoiceField(choices=Category.choices))
    owner = MemberField(allow_null=True, required=False)
    transitions = TransitionSerializer(many=True, read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "code",
            "name",
            "party",
            "categories",
            "criticality",
            "status",
            "conditions",
            "conditions_until",
            "owner",
            "next_evaluation_due",
            "transitions",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "status",
            "conditions",
            "conditions_until",
            "transitions",
            "created_at",
            "updated_at",
        ]
        # Uniqueness is the service's check (case-insensitive, within the organisation).
        validators = []

    def get_fields(self):
        fields = super().get_fields()
        organization = _organization(self)
        if organization is not None:
            fields["party"].queryset = Party.objects.filter(organization=organization)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["party"].read_only = True
        return fields


class TransitionRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(key, item.label) for key, item in approval.ACTIONS.items()]
    )
    reason = serializers.CharField(max_length=2000)
    password = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        style={"input_type": "password"},
        help_text="Your password: approve, approve_conditionally, suspend and disqualify are "
        "signed.",
    )
    conditions = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    conditions_until = serializers.DateField(required=False, allow_null=True)


class SupplierViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The supplier register (ISO 9001 8.4), each supplier with its status transitions.
    Suppliers are not deleted: disqualify them."""

    serializer_class = SupplierSerializer
    filterset_class = SupplierFilter
    queryset = Supplier.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    @property
    def write_permission(self):
        return approval.TRANSITION_PERMISSION if self.action == "transition" else "records.change"

    select = staticmethod(register_selectors.suppliers_with_transitions)

    def _split(self, serializer):
        data = dict(serializer.validated_data)
        return data, data.pop("reason", "")

    def perform_create(self, serializer):
        data, _reason = self._split(serializer)
        supplier = services.supplier_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=supplier.pk)

    def perform_update(self, serializer):
        data, reason = self._split(serializer)
        supplier = services.supplier_update(
            organization=self.organization,
            actor=self.request.user,
            supplier=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=supplier.pk)

    @extend_schema(request=TransitionRequestSerializer, responses=SupplierSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, **kwargs):
        """Change the approval status by an action, with the reason; the actions that
        approve, suspend or disqualify are signed with your password. A status that does not
        allow the action is refused, naming the allowed ones."""
        supplier = self.get_object()
        given = TransitionRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        approval.supplier_transition(
            organization=self.organization,
            actor=request.user,
            supplier=supplier,
            action=data["action"],
            reason=data["reason"],
            password=data.get("password", ""),
            conditions=data.get("conditions", ""),
            conditions_until=data.get("conditions_until"),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=supplier.pk)).data)


class AslEntrySerializer(serializers.Serializer):
    supplier_id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    categories = serializers.ListField(child=serializers.CharField())
    criticality = serializers.CharField()
    status = serializers.ChoiceField(choices=ApprovalStatus.choices)
    conditions = serializers.CharField()
    conditions_until = serializers.DateField(allow_null=True)
    approved_since = serializers.DateTimeField(allow_null=True)
    next_evaluation_due = serializers.DateField(allow_null=True)


class AslSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The day the list is for.")
    from_history = serializers.BooleanField(
        help_text="True for a past day: the records as they stood at its end, from the audit trail."
    )
    suppliers = AslEntrySerializer(many=True)


class ApprovedSupplierViewSet(OrganizationAPIMixin, viewsets.GenericViewSet):
    """The approved supplier list (ASL): today, or as of the end of a past ``date``."""

    serializer_class = AslSerializer
    queryset = Supplier.objects.none()
    pagination_class = None
    write_permission = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "date",
                OpenApiTypes.DATE,
                description="A past day (YYYY-MM-DD); empty for today.",
            )
        ],
        responses=AslSerializer,
    )
    def list(self, request, **kwargs):
        today = organization_today(self.organization)
        raw = request.query_params.get("date", "").strip()
        day = None
        if raw:
            field = serializers.DateField()
            try:
                day = field.to_internal_value(raw)
            except serializers.ValidationError as error:
                raise serializers.ValidationError({"date": error.detail}) from error
            if day > today:
                raise ValidationError({"date": "Choose today or a past date."})
            if day == today:
                day = None
        entries = approval_selectors.approved_suppliers(organization=self.organization, on=day)
        body = {"date": day or today, "from_history": day is not None, "suppliers": entries}
        return Response(AslSerializer(body).data)
