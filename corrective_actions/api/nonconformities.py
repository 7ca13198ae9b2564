"""Nonconformities' API: the list with the page's filters, one with its timeline; moves
through the states (the disposition signed with the password) as an action. Writes go
through the services."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from corrective_actions.filters.nonconformities import NonconformityFilter
from corrective_actions.models import Nonconformity, NonconformityEvent
from corrective_actions.models.nonconformities import Disposition, NcState
from corrective_actions.selectors import nonconformities as selectors
from corrective_actions.services import nonconformities as services
from feedback.selectors.complaints import complaints
from parties.selectors.register import parties
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin, split_reason
from relmgmt.api.fields import MemberField
from suppliers.selectors.deliveries import deliveries
from suppliers.selectors.register import suppliers


class NonconformityEventSerializer(serializers.ModelSerializer):
    # Blank for the first event (the nonconformity came from no state).
    from_state = serializers.ChoiceField(choices=NcState.choices, allow_blank=True, read_only=True)

    class Meta:
        model = NonconformityEvent
        fields = ["from_state", "to_state", "at", "actor", "note"]
        read_only_fields = fields


class NonconformitySerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    owner = MemberField(allow_null=True, required=False)
    events = NonconformityEventSerializer(many=True, read_only=True)
    # Blank until a disposition is proposed.
    disposition = serializers.ChoiceField(
        choices=Disposition.choices, allow_blank=True, read_only=True
    )
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    related = {
        "party": parties,
        "supplier": suppliers,
        "delivery": deliveries,
        "complaint": complaints,
    }

    class Meta:
        model = Nonconformity
        fields = [
            "id",
            "reference",
            "source",
            "category",
            "severity",
            "title",
            "description",
            "location",
            "occurred_on",
            "quantity_affected",
            "party",
            "supplier",
            "delivery",
            "complaint",
            "owner",
            "containment",
            "state",
            "disposition",
            "disposition_note",
            "customer_authorisation",
            "disposition_proposed_by",
            "disposition_approved_by",
            "disposition_approved_at",
            "disposition_signature",
            "opened_at",
            "closed_at",
            "events",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "reference",
            "state",
            "disposition",
            "disposition_note",
            "customer_authorisation",
            "disposition_proposed_by",
            "disposition_approved_by",
            "disposition_approved_at",
            "disposition_signature",
            "opened_at",
            "closed_at",
            "events",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"occurred_on": {"required": True}}


class NcTransitionRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(key, item.label) for key, item in services.TRANSITIONS.items()]
    )
    note = serializers.CharField(required=False, allow_blank=True)
    disposition = serializers.ChoiceField(
        choices=Disposition.choices, required=False, allow_blank=True
    )
    customer_authorisation = serializers.CharField(required=False, allow_blank=True)
    password = serializers.CharField(
        required=False,
        allow_blank=True,
        write_only=True,
        style={"input_type": "password"},
        help_text="To approve a disposition: the signer's password.",
    )


class NonconformityViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Nonconformities (ISO 9001 8.7): the list takes the page's filters; one moves through
    its states with the ``transition`` action. Nonconformities are not deleted: cancel them."""

    serializer_class = NonconformitySerializer
    filterset_class = NonconformityFilter
    queryset = Nonconformity.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Nonconformity.objects.none()
        return selectors.nonconformities(organization=self.organization).prefetch_related("events")

    def perform_create(self, serializer):
        data, _reason = split_reason(serializer)
        record = services.nonconformity_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        record = services.nonconformity_update(
            organization=self.organization,
            actor=self.request.user,
            nonconformity=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=record.pk)

    @extend_schema(request=NcTransitionRequestSerializer, responses=NonconformitySerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, **kwargs):
        """Move the nonconformity: propose_disposition, approve_disposition (signed),
        return_disposition, close or cancel. A move its state does not allow is refused
        (400), naming the allowed ones; a disposition without authority is 403."""
        record = self.get_object()
        given = NcTransitionRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.nonconformity_transition(
            organization=self.organization,
            actor=request.user,
            nonconformity=record,
            **given.validated_data,
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)
