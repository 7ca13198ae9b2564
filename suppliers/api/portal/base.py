"""What every view of the supplier portal API shares: the organisation and the membership
resolved once (404 for outsiders, a token of another organisation included), the policy
asked for ``portal.use`` (403 for staff members, as the portal pages answer them), and
querysets that always name the member's own supplier."""

from django.urls import reverse
from drf_spectacular.openapi import AutoSchema

from relmgmt.api.base import OrganizationAPIMixin

PORTAL = "portal.use"

# Ids in portal URLs are numbers, so ``questionnaires/files/<id>/`` never reads as a
# questionnaire's id.
ID_PATTERN = r"[0-9]+"


class PortalSchema(AutoSchema):
    """The portal's operations under one heading of the API docs."""

    def get_tags(self):
        return ["portal"]


class PortalAPIMixin(OrganizationAPIMixin):
    """``select`` is called with ``organization=`` and ``supplier=`` (the member's own)."""

    read_permission = PORTAL
    write_permission = PORTAL
    lookup_value_regex = ID_PATTERN
    schema = PortalSchema()

    @property
    def supplier(self):
        return self.request.membership.supplier

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return self.select(organization=self.organization, supplier=self.supplier)


def portal_url(serializer, name: str, pk: int) -> str:
    """The API path of one of the supplier's records (a file's download, for instance)."""
    slug = serializer.context["view"].organization.slug
    return reverse(name, kwargs={"org_slug": slug, "pk": pk})
