"""Performance reviews in the API, with their attendees and actions (nested, replaced by id
on a change); an action is closed or reopened on its own route."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin, split_reason
from relmgmt.api.fields import MemberField, OwnerField
from suppliers.api.fields import OrganizationContactField, OrganizationSupplierField
from suppliers.filters.performance_reviews import PerformanceReviewFilter
from suppliers.models import PerformanceReview, ReviewAction
from suppliers.selectors import performance_reviews as selectors
from suppliers.services import performance_reviews as review_services


class ReviewActionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(
        required=False, help_text="Given: change that action; left out: a new action."
    )
    owner = OwnerField()
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
        data, reason = split_reason(serializer)
        if "actions" in data:
            data["actions"] = [dict(row) for row in data["actions"]]
        return data, reason

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
