"""The contacts of the party list as it is filtered on screen (the party list's own export
is ``parties.views.register.party_export``)."""

from django.http import Http404
from django.utils import timezone

from parties.services import exports
from parties.views.register import PARTY_EXPORT
from relmgmt.core.access import org_view
from relmgmt.core.exports import FORMATS
from relmgmt.core.files import attachment_response


@org_view(read=PARTY_EXPORT.permission)
def contacts_export(request, fmt):
    """The contacts of the parties that the party list's filters select."""
    if fmt not in FORMATS:
        raise Http404
    parties = PARTY_EXPORT.filter(request).qs
    content = exports.contacts_export(parties, fmt, organization=request.organization)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"contacts-{request.organization.slug}-{stamp}.{fmt}"
    return attachment_response(content, filename=filename, content_type=FORMATS[fmt])
