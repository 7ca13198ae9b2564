"""The organisation and the member's permissions for every API view under /api/v1/o/<slug>/,
and what the domain APIs' serializers share: the request's organisation, related fields
limited to it, and the reason for a change taken out of the data."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions

from relmgmt import policy
from relmgmt.accounts.selectors import lacks_required_mfa
from relmgmt.api.models import ApiToken
from relmgmt.audit.context import attribute_to
from relmgmt.tenancy import selectors

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TwoFactorRequired(exceptions.PermissionDenied):
    default_detail = (
        "This organisation requires two-factor authentication: set up an authenticator app first."
    )
    default_code = "mfa_required"


class OrganizationAPIMixin:
    """Resolve the membership (404 for outsiders), then ask the policy (403)."""

    read_permission = "records.view"
    write_permission: str | None = "records.change"
    # The selector of the view's records, called with ``organization=``; ``queryset`` names
    # the model (``Model.objects.none()``) for the schema, which is drawn without a request.
    select = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        organization = request._request.organization
        if organization is None:
            raise exceptions.NotFound()
        if isinstance(request.auth, ApiToken):
            membership = request.auth.membership
            if membership.organization_id != organization.pk:
                raise exceptions.NotFound()
        else:
            membership = selectors.active_membership(user=request.user, organization=organization)
            if membership is None:
                raise exceptions.NotFound()
            # A browser session of a member who skipped the organisation's required
            # two-factor set-up gets no further here than on the pages.
            if lacks_required_mfa(organization=organization, user=request.user):
                raise TwoFactorRequired()
        request.membership = request._request.membership = membership
        attribute_to(request.user, source="api")
        permission = (
            self.read_permission if request.method in SAFE_METHODS else (self.write_permission)
        )
        if permission is None or not policy.can(membership, permission):
            raise exceptions.PermissionDenied("Your role may not do this.")

    def get_queryset(self):
        if self.select is None or getattr(self, "swagger_fake_view", False):
            return super().get_queryset()
        return self.select(organization=self.organization)

    @property
    def organization(self):
        return self.request._request.organization


def serializer_organization(serializer):
    """The organisation of the serializer's request; None without one (schema generation)."""
    request = serializer.context.get("request")
    return getattr(getattr(request, "_request", request), "organization", None)


def split_reason(serializer) -> tuple[dict, str]:
    """The validated data without ``reason``, and the reason ("" when none was given)."""
    data = dict(serializer.validated_data)
    return data, data.pop("reason", "")


class OrganizationFieldsMixin:
    """Limit the related records a client may name to the request's organisation; the
    parent record is chosen on create only."""

    related = {}  # field -> selector called with organization=, giving its queryset
    parent = None

    def get_fields(self):
        fields = super().get_fields()
        organization = serializer_organization(self)
        for name, selector in self.related.items():
            field = fields[name]
            target = field.child_relation if hasattr(field, "child_relation") else field
            if organization is not None:
                target.queryset = selector(organization=organization)
        if self.parent and self.instance is not None and not isinstance(self.instance, list):
            fields[self.parent].read_only = True
        return fields


# The schema of a stored file's download: the content type is the one checked at upload.
FILE_RESPONSES = {
    (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY),
    (200, "image/png"): OpenApiResponse(OpenApiTypes.BINARY),
    (200, "image/jpeg"): OpenApiResponse(OpenApiTypes.BINARY),
}
