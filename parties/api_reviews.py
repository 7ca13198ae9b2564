"""The API of reviews and of risks and opportunities. Thin like the pages: the same
selectors, the same FilterSets, and writes through the same services, so recording a review
here moves the party's review date and its reminder exactly as the page does."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import mixins, serializers, viewsets

from parties.api import PartySerializer, WriteViaServicesMixin
from parties.filters.reviews import ReviewDueFilter, ReviewFilter, with_default_window
from parties.filters.risks import RiskFilter
from parties.models import Party, Review, Risk
from parties.risk_rating import band_of
from parties.selectors import register as party_selectors
from parties.selectors import reviews as review_selectors
from parties.selectors import risks as risk_selectors
from parties.services import reviews, risks
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import MemberField


class PartyOfOrganizationMixin:
    """The ``party`` field takes the id of a party of the request's organisation only,
    and cannot be changed once the record exists."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        organization = getattr(getattr(request, "_request", request), "organization", None)
        if organization is not None:
            fields["party"].queryset = party_selectors.parties(organization=organization)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["party"].read_only = True
        return fields


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


class RiskSerializer(PartyOfOrganizationMixin, serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    owner = MemberField(allow_null=True, required=False)
    rating = serializers.SerializerMethodField(help_text="Likelihood x impact, 1 to 25.")
    band = serializers.SerializerMethodField(help_text="low (1-4), medium (5-9), high (10-25).")
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Risk
        fields = [
            "id",
            "party",
            "kind",
            "description",
            "likelihood",
            "impact",
            "rating",
            "band",
            "treatment",
            "owner",
            "review_on",
            "status",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_rating(self, risk) -> int:
        return risk.rating

    def get_band(self, risk) -> str:
        return band_of(risk.rating)


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


class RiskViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Risks and opportunities of the relationships; filter by kind, status, owner, party,
    rating band, likelihood and impact; sort with ``o`` (for example ``o=-rating``)."""

    serializer_class = RiskSerializer
    filterset_class = RiskFilter
    queryset = Risk.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(risk_selectors.risks)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        party = data.pop("party")
        serializer.instance = risks.risk_create(
            organization=self.organization, actor=self.request.user, party=party, data=data
        )

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        serializer.instance = risks.risk_update(
            organization=self.organization,
            actor=self.request.user,
            risk=serializer.instance,
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
