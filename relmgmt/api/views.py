from django.shortcuts import get_object_or_404
from rest_framework import generics, mixins, status, viewsets
from rest_framework.response import Response

from relmgmt.api.base import OrganizationAPIMixin
from relmgmt.api.serializers import (
    AuditEventSerializer,
    MembershipSerializer,
    OrganizationSerializer,
)
from relmgmt.audit import selectors as audit_selectors
from relmgmt.audit.filters import AuditEventFilter
from relmgmt.audit.models import AuditEvent
from relmgmt.tenancy import selectors, services
from relmgmt.tenancy.filters import MembershipFilter
from relmgmt.tenancy.models import Membership


class OrganizationView(OrganizationAPIMixin, generics.RetrieveAPIView):
    """The organisation of the URL."""

    read_permission = "organization.view"
    write_permission = None
    serializer_class = OrganizationSerializer

    def get_object(self):
        return self.organization


class MembershipViewSet(
    OrganizationAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Members of the organisation and their roles (admins only)."""

    read_permission = "members.manage"
    write_permission = "members.manage"
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organisation
            return Membership.objects.none()
        return selectors.members(organization=self.organization)

    def perform_update(self, serializer):
        membership = serializer.instance
        data = serializer.validated_data
        supplier_id = data.get("supplier_id", membership.supplier_id)
        supplier_model = Membership._meta.get_field("supplier").related_model
        supplier = (
            get_object_or_404(supplier_model.objects, pk=supplier_id) if supplier_id else None
        )
        serializer.instance = services.membership_update(
            organization=self.organization,
            actor=self.request.user,
            membership=membership,
            role=data.get("role", membership.role),
            supplier=supplier,
            expires_at=data.get("expires_at", membership.expires_at),
            reason=data.get("reason", ""),
        )

    def destroy(self, request, *args, **kwargs):
        services.membership_remove(
            organization=self.organization, actor=request.user, membership=self.get_object()
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditEventViewSet(OrganizationAPIMixin, viewsets.ReadOnlyModelViewSet):
    """The organisation's audit trail, oldest first; filter by person, record, kind, dates."""

    read_permission = "history.view"
    write_permission = None
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no organisation
            return AuditEvent.objects.none()
        return audit_selectors.events(organization=self.organization).order_by("seq")
