"""Supplier approval in the API: a supplier's status transitions (an action with its reason;
a password signs where it must), and the approved supplier list for today or ``?date=``."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.schema import SingleObjectSchema
from relmgmt.core.dates import organization_today
from suppliers.models import Supplier, SupplierTransition
from suppliers.models.register import ApprovalStatus
from suppliers.selectors import approval as approval_selectors
from suppliers.services import approval


class TransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(source="actor.display_name", read_only=True)
    # Null when unsigned. No ``default``: DRF skips a default inside a partial update's
    # response and would leave the keys out; ``allow_null`` answers null always.
    signed_by = serializers.CharField(
        source="signature.signer_name", read_only=True, allow_null=True
    )
    signed_at = serializers.DateTimeField(
        source="signature.signed_at", read_only=True, allow_null=True
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
            "certificate_override",
            "actor",
            "actor_name",
            "occurred_at",
            "signed_by",
            "signed_at",
        ]
        read_only_fields = fields


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
    certificate_override = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        help_text="Approving a supplier that lacks a valid certificate the organisation "
        "requires: the reason to approve anyway (recorded). Refused without it, or always when "
        "the organisation's settings refuse such approvals.",
    )


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
    reevaluation_overdue = serializers.BooleanField(
        help_text="The next re-evaluation was due before the list's day."
    )
    flags = serializers.ListField(
        child=serializers.CharField(),
        help_text="What the list flags in words: re-evaluation overdue, a required certificate "
        "missing or expired on the list's day.",
    )


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
    schema = SingleObjectSchema()  # one list object with its rows, not an array

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
        day = approval_selectors.asl_day(organization=self.organization, day=day)
        entries = approval_selectors.approved_suppliers(organization=self.organization, on=day)
        body = {"date": day or today, "from_history": day is not None, "suppliers": entries}
        return Response(AslSerializer(body).data)
