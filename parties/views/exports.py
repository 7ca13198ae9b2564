"""Exports of the party list as it is filtered on screen: the parties, or their contacts."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from parties.filters.register import PartyFilter
from parties.selectors import register as party_selectors
from parties.services import exports
from relmgmt.core.access import org_view
from relmgmt.core.files import attachment_response


def _filtered_parties(request):
    parties = PartyFilter(
        request.GET,
        queryset=party_selectors.parties(organization=request.organization),
        request=request,
    )
    return parties.qs


def _attachment(request, content: bytes, fmt: str, what: str) -> HttpResponse:
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    filename = f"{what}-{request.organization.slug}-{stamp}.{fmt}"
    return attachment_response(content, filename=filename, content_type=exports.FORMATS[fmt])


@org_view(read="records.view")
def party_export(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    content = exports.parties_export(_filtered_parties(request), fmt)
    return _attachment(request, content, fmt, "parties")


@org_view(read="records.view")
def contacts_export(request, fmt):
    """The contacts of the parties that the party list's filters select."""
    if fmt not in exports.FORMATS:
        raise Http404
    content = exports.contacts_export(
        _filtered_parties(request), fmt, organization=request.organization
    )
    return _attachment(request, content, fmt, "contacts")
