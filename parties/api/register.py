"""The register's API: serializers and viewsets, thin like the views. Writes go through
the services; lists use the same FilterSets as the pages. Also what every area's API
shares: writing through the services, and related fields limited to the organisation."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action

from parties.api.as_of import PartyAsOfSerializer
from parties.filters.register import NeedFilter, PartyFilter
from parties.models import Need, Party, PartyType
from parties.selectors import as_of as as_of_selectors
from parties.selectors import register as party_selectors
from parties.services import register as services
from relmgmt.api.as_of import DATE_PARAMETER, as_of_date
from relmgmt.api.base import (
    OrganizationAPIMixin,
    OrganizationFieldsMixin,
    serializer_organization,
    split_reason,
)
from relmgmt.api.fields import OwnerField


class PartySerializer(serializers.ModelSerializer):
    types = serializers.ListField(child=serializers.ChoiceField(choices=PartyType.choices))
    tags = serializers.ListField(child=serializers.CharField(max_length=40), required=False)
    owner = OwnerField(allow_null=True, required=False)
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Party
        fields = [
            "id",
            "name",
            "types",
            "description",
            "tier",
            "status",
            "owner",
            "influence",
            "interest",
            "tags",
            "website",
            "address",
            "review_cadence_months",
            "last_reviewed_on",
            "next_review_due",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "last_reviewed_on", "created_at", "updated_at"]
        # Uniqueness is the service's check (case-insensitive, within the organisation).
        validators = []


class NeedSerializer(serializers.ModelSerializer):
    party = serializers.PrimaryKeyRelatedField(queryset=Party.objects.none())
    reason = serializers.CharField(write_only=True, required=False, allow_blank=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "party",
            "description",
            "qms_relevant",
            "monitoring",
            "status",
            "created_at",
            "updated_at",
            "reason",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def get_fields(self):
        fields = super().get_fields()
        organization = serializer_organization(self)
        if organization is not None:
            fields["party"].queryset = party_selectors.parties(organization=organization)
        if self.instance is not None and not isinstance(self.instance, list):
            fields["party"].read_only = True
        return fields


class WriteViaServicesMixin:
    """Create and update through the register's services, never the serializer's save."""

    def split(self, serializer):
        return split_reason(serializer)


class PartyOfOrganizationMixin(OrganizationFieldsMixin):
    """The ``party`` field takes the id of a party of the request's organisation only,
    and cannot be changed once the record exists."""

    related = {"party": party_selectors.parties}
    parent = "party"


class PartyViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The register of interested parties. Parties are not deleted: set them inactive."""

    serializer_class = PartySerializer
    filterset_class = PartyFilter
    queryset = Party.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(party_selectors.parties)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        serializer.instance = services.party_create(
            organization=self.organization, actor=self.request.user, data=data
        )

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        serializer.instance = services.party_update(
            organization=self.organization,
            actor=self.request.user,
            party=serializer.instance,
            data=data,
            reason=reason,
        )

    @extend_schema(parameters=[DATE_PARAMETER], responses=PartyAsOfSerializer(many=True))
    @action(
        detail=False,
        methods=["get"],
        url_path="as-of",
        url_name="as-of",
        serializer_class=PartyAsOfSerializer,
        filter_backends=[],
    )
    def as_of(self, request, **kwargs):
        """The register as it stood at the end of ``date`` (ISO 9001 7.5), rebuilt from the
        audit trail: the parties that existed then, by name, with their values and needs
        then; the rows of the page's and the export's as-of list. Today: the live register
        in the same shape."""
        parties = as_of_selectors.party_register_on(
            organization=self.organization, day=as_of_date(request)
        )
        page = self.paginate_queryset(parties)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class NeedViewSet(
    OrganizationAPIMixin,
    WriteViaServicesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Needs and expectations of the parties; filter by party."""

    serializer_class = NeedSerializer
    filterset_class = NeedFilter
    queryset = Need.objects.none()
    http_method_names = ["get", "post", "patch", "head", "options"]

    select = staticmethod(party_selectors.needs)

    def perform_create(self, serializer):
        data, _reason = self.split(serializer)
        party = data.pop("party")
        serializer.instance = services.need_create(
            organization=self.organization, actor=self.request.user, party=party, data=data
        )

    def perform_update(self, serializer):
        data, reason = self.split(serializer)
        serializer.instance = services.need_update(
            organization=self.organization,
            actor=self.request.user,
            need=serializer.instance,
            data=data,
            reason=reason,
        )
