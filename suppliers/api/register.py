"""The supplier register's API: suppliers (same FilterSet as the list page), with their
status transitions (``approval`` has the action's serializers). Writes go through the
services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from parties.models import Party
from parties.selectors import register as party_selectors
from relmgmt.api.as_of import DATE_PARAMETER, as_of_date
from relmgmt.api.base import (
    OrganizationAPIMixin,
    OrganizationFieldsMixin,
    split_reason,
)
from relmgmt.api.fields import OwnerField
from suppliers.api.approval import TransitionRequestSerializer, TransitionSerializer
from suppliers.api.as_of import SupplierAsOfSerializer
from suppliers.filters.register import SupplierFilter
from suppliers.models import Supplier
from suppliers.models.register import Category
from suppliers.selectors import as_of as as_of_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import approval
from suppliers.services import register as services


class SupplierSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
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
    owner = OwnerField(allow_null=True, required=False)
    transitions = TransitionSerializer(many=True, read_only=True)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    related = {"party": party_selectors.parties}
    parent = "party"

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
            "certificate_override",
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
            "certificate_override",
            "transitions",
            "created_at",
            "updated_at",
        ]
        # Uniqueness is the service's check (case-insensitive, within the organisation).
        validators = []


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
        return split_reason(serializer)

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

    @extend_schema(parameters=[DATE_PARAMETER], responses=SupplierAsOfSerializer(many=True))
    @action(
        detail=False,
        methods=["get"],
        url_path="as-of",
        url_name="as-of",
        serializer_class=SupplierAsOfSerializer,
        filter_backends=[],
    )
    def as_of(self, request, **kwargs):
        """The supplier register as it stood at the end of ``date`` (ISO 9001 7.5), rebuilt
        from the audit trail (the status from the transition log): the suppliers that existed
        then, by name, with their values and certificate gaps then; the rows of the page's
        and the export's as-of list. Today: the live list in the same shape."""
        rows = as_of_selectors.supplier_register_on(
            organization=self.organization, day=as_of_date(request)
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

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
            certificate_override=data.get("certificate_override", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=supplier.pk)).data)
