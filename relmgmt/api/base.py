"""The organisation and the member's permissions for every API view under /api/v1/o/<slug>/."""

from rest_framework import exceptions

from relmgmt import policy
from relmgmt.api.models import ApiToken
from relmgmt.audit.context import attribute_to
from relmgmt.tenancy import selectors

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


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
