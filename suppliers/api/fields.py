"""Serializer fields the supplier review APIs share: a supplier or a contact of the request's
organisation, by id (any other is "not found")."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from parties.models import Contact
from suppliers.models import Supplier


def organization_of(serializer):
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", request), "organization", None)


@extend_schema_field(OpenApiTypes.INT)  # an id, also in a serializer without a model
class OrganizationSupplierField(serializers.PrimaryKeyRelatedField):
    """A supplier of the request's organisation, by id (any other is "not found")."""

    def get_queryset(self):
        organization = organization_of(self)
        if organization is None:
            return Supplier.objects.none()
        return Supplier.objects.filter(organization=organization)


class OrganizationContactField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        organization = organization_of(self)
        if organization is None:
            return Contact.objects.none()
        return Contact.objects.filter(organization=organization)
