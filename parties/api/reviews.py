"""The API of reviews and of the parties due for review. Thin like the pages: the same
selectors, the same FilterSets, and writes through the same services, so recording a review
here moves the party's review date and its reminder exactly as the page does."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, serializers, viewsets

from parties.api.register import PartyOfOrganizationMixin, PartySerializer, WriteViaServicesMixin
from parties.filters.reviews import ReviewDueFilter, ReviewFilter, with_default_window
from parties.models import Party, Review
from parties.selectors import reviews as review_selectors
from parties.services import reviews
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField


class ReviewSerializer(PartyOfOrganizationMixin, serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    reviewer = MemberField()
    next_review_due = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Empty: one review cycle (the party's cadence) after reviewed_on.",
    )
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "party",
            "reviewed_on",
            "reviewer",
            "findings",
            "needs_changes",
            "our_satisfaction",
            "their_satisfaction",
            "next_review_due",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list):
            # A recorded review's dates stay; a new schedule is a new review.
            fields["reviewed_on"].read_only = True
            fields["next_review_due"].read_only = True
        return fields


class ReviewViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Reviews of the relationships. Recording one sets the party's last and next review
    dates and moves its reminder; a correction (PATCH) leaves the dates alone."""

    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    queryset = Review.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(review_selectors.reviews)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        party = data.pop("party")
        serializer.instance = reviews.review_create(
            organization=self.organization, actor=self.request.user, party=party, data=data
        )

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        serializer.instance = reviews.review_update(
            organization=self.organization,
            actor=self.request.user,
            review=serializer.instance,
            data=data,
            reason=reason,
        )


class DueWindowFilterBackend(DjangoFilterBackend):
    """The due list's default window (the next 30 days), as on the page."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs["data"] = with_default_window(kwargs["data"])
        return kwargs


class ReviewDueViewSet(OrganizationAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Parties due for review, overdue first: the due list page. Without ``review_due`` or
    ``month``, those overdue or due within 30 days."""

    serializer_class = PartySerializer
    filterset_class = ReviewDueFilter
    filter_backends = [DueWindowFilterBackend]
    queryset = Party.objects.none()

    select = staticmethod(review_selectors.parties_due_for_review)
