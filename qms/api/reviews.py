"""The management review's API: reviews with their input sections (generated while in
preparation, frozen once held), hold and approve (signed with the password) as actions,
and the actions a review decides. Writes go through the services."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from qms.models import ManagementReview, ManagementReviewAction
from qms.selectors import reviews as selectors
from qms.services import reviews as services
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField
from relmgmt.core.dates import organization_today


class InputSectionSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    item = serializers.CharField()
    data = serializers.JSONField(allow_null=True, help_text="figures and tables, or null")
    entered = serializers.CharField(allow_blank=True)


class ManagementReviewSerializer(serializers.ModelSerializer):
    inputs = serializers.SerializerMethodField()

    class Meta:
        model = ManagementReview
        fields = [
            "id",
            "title",
            "meeting_date",
            "period_start",
            "period_end",
            "attendees",
            "status",
            "entered",
            "decisions",
            "qms_changes",
            "resource_needs",
            "held_at",
            "signature",
            "inputs",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "held_at",
            "signature",
            "inputs",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(InputSectionSerializer(many=True))
    def get_inputs(self, review) -> list[dict]:
        if self.context.get("view") and self.context["view"].action == "list":
            return []
        return InputSectionSerializer(selectors.inputs_of(review), many=True).data


class ApproveSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True)


class ManagementReviewViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Management reviews (ISO 9001 9.3). The detail holds the input sections, one per
    9.3.2 item (empty in the list); ``hold`` freezes them, ``approve`` signs the minutes
    with the approver's password. Reviews are records: they are not deleted."""

    serializer_class = ManagementReviewSerializer
    queryset = ManagementReview.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ManagementReview.objects.none()
        return selectors.reviews(organization=self.organization).select_related("organization")

    def perform_create(self, serializer):
        review = services.review_create(
            organization=self.organization,
            actor=self.request.user,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

    def perform_update(self, serializer):
        review = services.review_update(
            organization=self.organization,
            actor=self.request.user,
            review=serializer.instance,
            data=dict(serializer.validated_data),
        )
        serializer.instance = self.get_queryset().get(pk=review.pk)

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None, **kwargs):
        """The review is held: its generated inputs are frozen as they stand now."""
        review = services.review_hold(
            organization=self.organization, actor=request.user, review=self.get_object()
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)

    @extend_schema(request=ApproveSerializer, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None, **kwargs):
        """Approve the minutes of a held review, signed with your password."""
        review = self.get_object()
        given = ApproveSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        review = services.review_approve(
            organization=self.organization,
            actor=request.user,
            review=review,
            password=given.validated_data["password"],
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=review.pk)).data)


class ManagementReviewActionSerializer(serializers.ModelSerializer):
    owner = MemberField()
    review = serializers.PrimaryKeyRelatedField(queryset=ManagementReview.objects.none())

    class Meta:
        model = ManagementReviewAction
        fields = ["id", "review", "description", "owner", "due_date", "done_on"]
        read_only_fields = ["id", "done_on"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        organization = getattr(getattr(request, "_request", request), "organization", None)
        if organization is not None:
            fields["review"].queryset = selectors.reviews(organization=organization)
        return fields


class ManagementReviewActionViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The actions management reviews decided (9.3.3), each reminded to its owner on its
    due date; ``done`` marks one done today."""

    serializer_class = ManagementReviewActionSerializer
    queryset = ManagementReviewAction.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ManagementReviewAction.objects.none()
        return ManagementReviewAction.objects.filter(organization=self.organization).order_by(
            "due_date", "id"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        created = services.action_add(
            organization=self.organization,
            actor=self.request.user,
            review=data["review"],
            description=data["description"],
            owner=data["owner"],
            due_date=data["due_date"],
        )
        serializer.instance = created

    @extend_schema(request=None, responses=ManagementReviewActionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request, pk=None, **kwargs):
        """Mark the action done today; its reminders stop."""
        done = services.action_done(
            organization=self.organization,
            actor=request.user,
            action=self.get_object(),
            done_on=organization_today(self.organization),
        )
        return Response(self.get_serializer(done).data)
