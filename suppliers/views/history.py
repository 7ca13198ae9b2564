"""Pages of the history import: upload a file of what happened to suppliers before the
system, see the preview with each row's problems, confirm. Thin: the shared import pages
and ``suppliers.services.history``."""

from relmgmt.core.access import org_view
from relmgmt.core.import_views import ImportPages
from suppliers.services import history as services

PERMISSION = "suppliers.transition"

IMPORT_PAGES = ImportPages(
    kinds={services.IMPORT.key: services.IMPORT},
    namespace="suppliers",
    section_label="Approved supplier list",
    section_url="suppliers:asl",
    kind_in_url=False,
    url_prefix="history_",
)


@org_view(read=PERMISSION, write=PERMISSION)
def history_import_upload(request):
    return IMPORT_PAGES.upload(request)


@org_view(read=PERMISSION, write=PERMISSION)
def history_import_preview(request):
    return IMPORT_PAGES.preview(request)


@org_view(read=PERMISSION)
def history_import_template(request):
    return IMPORT_PAGES.template(request)
