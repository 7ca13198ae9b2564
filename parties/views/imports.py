"""Import pages of the register: parties and contacts (see ``relmgmt.core.import_views``)."""

from parties.services import imports as services
from relmgmt.core.access import org_view
from relmgmt.core.import_views import ImportPages

PAGES = ImportPages(
    kinds=services.KINDS,
    namespace="parties",
    section_label="Interested parties",
    section_url="parties:party_list",
)


@org_view(read="records.change", write="records.change")
def import_upload(request, kind):
    return PAGES.upload(request, kind)


@org_view(read="records.change", write="records.change")
def import_preview(request, kind):
    return PAGES.preview(request, kind)


@org_view(read="records.change")
def import_template(request, kind):
    return PAGES.template(request, kind)
