"""What the feedback app (satisfaction surveys and complaints, ISO 9001 9.1.2 and 8.2.1)
adds to the platform (``relmgmt.core.extensions``), registered from
``FeedbackConfig.ready()``."""

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("complaints", "feedback.api.complaints.ComplaintViewSet", "api-complaint"),
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
