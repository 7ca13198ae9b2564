"""The buyer's side of the supplier portal in the organisation API (under
/api/v1/o/<org_slug>/): the changes of their contacts and address that suppliers propose
through the portal (list, see, accept, reject). Writes go through the services. What portal
users call themselves is the rest of this package."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin
from suppliers.api.certificates import RejectSerializer
from suppliers.filters.portal import ProfileChangeFilter
from suppliers.models import ProfileChange
from suppliers.selectors import portal as portal_selectors
from suppliers.services import portal as portal_services


class ProfileChangeSerializer(serializers.ModelSerializer):
    supplier_code = serializers.CharField(source="supplier.code", read_only=True)

    class Meta:
        model = ProfileChange
        fields = [
            "id",
            "supplier",
            "supplier_code",
            "kind",
            "contact",
            "proposed",
            "comment",
            "status",
            "proposed_by",
            "created_at",
            "decided_by",
            "decided_at",
            "rejection_reason",
        ]
        read_only_fields = fields


class ProfileChangeViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Changes of their contacts and address that suppliers propose through the portal,
    newest first. Accepting applies the change to the register of parties."""

    serializer_class = ProfileChangeSerializer
    filterset_class = ProfileChangeFilter
    queryset = ProfileChange.objects.none()
    parser_classes = [JSONParser]
    select = staticmethod(portal_selectors.profile_changes)

    def _answer(self, change):
        return Response(self.get_serializer(self.get_queryset().get(pk=change.pk)).data)

    @extend_schema(request=None, responses=ProfileChangeSerializer)
    @action(detail=True, methods=["post"], url_path="accept", url_name="accept")
    def accept(self, request, pk=None, **kwargs):
        """Accept and apply the proposal."""
        change = portal_services.profile_change_accept(
            organization=self.organization, actor=request.user, change=self.get_object()
        )
        return self._answer(change)

    @extend_schema(request=RejectSerializer, responses=ProfileChangeSerializer)
    @action(detail=True, methods=["post"], url_path="reject", url_name="reject")
    def reject(self, request, pk=None, **kwargs):
        """Reject the proposal with the reason the supplier reads."""
        target = self.get_object()
        body = RejectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        change = portal_services.profile_change_reject(
            organization=self.organization,
            actor=request.user,
            change=target,
            reason=body.validated_data["reason"],
        )
        return self._answer(change)
