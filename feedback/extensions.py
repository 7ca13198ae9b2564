"""What the feedback app (satisfaction surveys and complaints, ISO 9001 9.1.2 and 8.2.1)
adds to the platform (``relmgmt.core.extensions``), registered from
``FeedbackConfig.ready()``."""

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("complaints", "feedback.api.complaints.ComplaintViewSet", "api-complaint"),
]

# How the audit trail names complaints and links to their pages. A complaint is named by
# its reference, never by the complainant (personal data).
RECORD_PAGES = [
    ext.RecordPage("feedback.complaint", "feedback:complaint_detail"),
    ext.RecordPage(
        "feedback.complaintattachment",
        "feedback:complaint_detail",
        lambda record: {"pk": record.complaint_id},
        name=lambda record: f"{record} ({record.complaint})",
        select_related=("complaint",),
    ),
    ext.RecordPage(
        "feedback.complaintevent",
        "feedback:complaint_detail",
        lambda record: {"pk": record.complaint_id},
        name=lambda record: f"{record.complaint}: {record}",
        select_related=("complaint",),
    ),
]


def _complaints_tile(request) -> dict:
    from feedback.selectors.complaints import open_count

    return open_count(organization=request.organization)


def register() -> None:
    """Each area of the app adds its URLs, API routes, menu entries and tiles here."""
    from feedback.organization_settings import ComplaintServiceLevels

    ext.organization_urls.register(ext.UrlModule("feedback.urls"))
    ext.public_urls.register(ext.UrlModule("feedback.urls.public"))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=300 + order))
    ext.navigation.register(
        ext.NavEntry("complaints", "Complaints", "feedback:complaint_list", "records.view", 40)
    )
    ext.home_tiles.register(
        ext.Tile(
            "complaints",
            "feedback/complaints_tile.html",
            "records.view",
            context=_complaints_tile,
            order=40,
        )
    )
    ext.settings_sections.register(ComplaintServiceLevels())
    for entry in RECORD_PAGES:
        ext.record_pages.register(entry)
