"""The complaints register's API: complaints with the list page's filters, their timeline
and timers; moves through the states as an action (the allowed ones named when refused);
the figures. Writes go through the services."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from feedback.filters.complaints import ComplaintFilter
from feedback.models import Complaint, ComplaintEvent
from feedback.selectors import complaints as selectors
from feedback.selectors.handling import handling
from feedback.services import complaints as services
from parties.selectors.contacts import contacts
from parties.selectors.register import parties
from relmgmt.api.base import OrganizationAPIMixin, OrganizationFieldsMixin, split_reason
from relmgmt.api.fields import MemberField


class ComplaintEventSerializer(serializers.ModelSerializer):
    # Blank for the complaint's first event (it came from no state).
    from_state = serializers.ChoiceField(
        choices=ComplaintEvent._meta.get_field("from_state").choices,
        allow_blank=True,
        read_only=True,
    )

    class Meta:
        model = ComplaintEvent
        fields = ["from_state", "to_state", "at", "actor", "actor_label", "note"]
        read_only_fields = fields


class TimerSerializer(serializers.Serializer):
    label = serializers.CharField()
    due_at = serializers.DateTimeField()
    met_at = serializers.DateTimeField(allow_null=True)
    state = serializers.ChoiceField(choices=["running", "met", "late", "breached"])


class ComplaintSerializer(OrganizationFieldsMixin, serializers.ModelSerializer):
    owner = MemberField(allow_null=True, required=False)
    events = ComplaintEventSerializer(many=True, read_only=True)
    timers = serializers.SerializerMethodField()
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)
    description = serializers.CharField(style={"base_template": "textarea.html"})

    related = {"party": parties, "contact": contacts}

    class Meta:
        model = Complaint
        fields = [
            "id",
            "reference",
            "party",
            "new_party_name",
            "contact",
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "channel",
            "category",
            "severity",
            "reference_number",
            "subject",
            "description",
            "owner",
            "state",
            "received_at",
            "acknowledged_at",
            "resolved_at",
            "closed_at",
            "acknowledge_due_at",
            "resolve_due_at",
            "reopen_count",
            "resolution",
            "events",
            "timers",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = [
            "id",
            "reference",
            "state",
            "received_at",
            "acknowledged_at",
            "resolved_at",
            "closed_at",
            "acknowledge_due_at",
            "resolve_due_at",
            "reopen_count",
            "resolution",
            "events",
            "timers",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(TimerSerializer(many=True))
    def get_timers(self, complaint) -> list[dict]:
        return TimerSerializer(selectors.timers(complaint), many=True).data


class ComplaintTransitionRequestSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[(key, item.label) for key, item in services.TRANSITIONS.items()]
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Required to resolve (what the customer was told), reject and reopen.",
    )


class FiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    by_category = serializers.ListField(child=serializers.ListField())
    median_acknowledge_hours = serializers.FloatField(allow_null=True)
    median_resolve_days = serializers.FloatField(allow_null=True)
    within_level_share = serializers.FloatField(allow_null=True)
    reopen_rate = serializers.FloatField(allow_null=True)
    overdue = serializers.IntegerField()


class HandlingRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The category or channel; blank for the overall row.")
    label = serializers.CharField()
    resolved = serializers.IntegerField()
    first_contact = serializers.IntegerField(help_text="Resolved at first contact.")
    first_contact_rate = serializers.FloatField(allow_null=True, help_text="Percent.")
    mean_resolve_days = serializers.FloatField(allow_null=True)


class HandlingSerializer(serializers.Serializer):
    overall = HandlingRowSerializer()
    by_category = HandlingRowSerializer(many=True)
    by_channel = HandlingRowSerializer(many=True)


class ComplaintViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The complaints register (ISO 9001 8.2.1, ISO 10002): the list takes the page's
    filters; a complaint moves through its states with the ``transition`` action.
    Complaints are not deleted: reject or withdraw them."""

    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilter
    queryset = Complaint.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Complaint.objects.none()
        return selectors.complaints(organization=self.organization).prefetch_related("events")

    def perform_create(self, serializer):
        data, _reason = split_reason(serializer)
        data.setdefault("channel", "api")
        complaint = services.complaint_create(
            organization=self.organization, actor=self.request.user, data=data
        )
        serializer.instance = self.get_queryset().get(pk=complaint.pk)

    def perform_update(self, serializer):
        data, reason = split_reason(serializer)
        complaint = services.complaint_update(
            organization=self.organization,
            actor=self.request.user,
            complaint=serializer.instance,
            data=data,
            reason=reason,
        )
        serializer.instance = self.get_queryset().get(pk=complaint.pk)

    @extend_schema(request=ComplaintTransitionRequestSerializer, responses=ComplaintSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None, **kwargs):
        """Move the complaint: acknowledge, investigate, resolve, close, reject, withdraw or
        reopen. A move its state does not allow is refused (400), naming the allowed ones."""
        complaint = self.get_object()
        given = ComplaintTransitionRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.complaint_transition(
            organization=self.organization,
            actor=request.user,
            complaint=complaint,
            action=given.validated_data["action"],
            note=given.validated_data.get("note", ""),
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=complaint.pk)).data)

    @extend_schema(responses=FiguresSerializer, filters=True)
    @action(detail=False, methods=["get"])
    def figures(self, request, **kwargs):
        """Counts by category, median times to acknowledge (hours) and resolve (days), the
        share resolved within the service level, and the reopen rate (percentages), over the
        complaints the filters select."""
        queryset = self.filter_queryset(self.get_queryset())
        figures = selectors.figures(organization=self.organization, queryset=queryset)
        return Response(FiguresSerializer(figures.__dict__).data)

    @extend_schema(responses=HandlingSerializer, filters=True)
    @action(detail=False, methods=["get"])
    def handling(self, request, **kwargs):
        """First-contact resolution (resolved straight from acknowledgement, never
        investigated nor reopened; percent of the complaints resolved) and the average days
        from receipt to resolution, overall and per category and channel, over the
        complaints the filters select."""
        queryset = self.filter_queryset(self.get_queryset())
        figures = handling(organization=self.organization, queryset=queryset)
        return Response(HandlingSerializer(figures).data)
