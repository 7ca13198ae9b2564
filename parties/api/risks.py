"""The API of risks and opportunities. Thin like the pages: the same selector (with the
rating and band computed in the query), the same FilterSet, and writes through the same
services."""

from rest_framework import mixins, serializers, viewsets

from parties.api.register import PartyOfOrganizationMixin, WriteViaServicesMixin
from parties.filters.risks import RiskFilter
from parties.models import Party, Risk
from parties.risk_rating import band_of
from parties.selectors import risks as risk_selectors
from parties.services import risks
from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.fields import OwnerField


class RiskSerializer(PartyOfOrganizationMixin, serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    owner = OwnerField(allow_null=True, required=False)
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
