"""What the parties app adds to the platform (``relmgmt.core.extensions``), registered
from ``PartiesConfig.ready()``."""

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("parties", "parties.api.PartyViewSet", "api-party"),
    ("needs", "parties.api.NeedViewSet", "api-need"),
    ("contacts", "parties.api_contacts.ContactViewSet", "api-contact"),
    ("interactions", "parties.api_contacts.InteractionViewSet", "api-interaction"),
    ("follow-ups", "parties.api_contacts.FollowUpViewSet", "api-follow-up"),
    ("reviews", "parties.api_reviews.ReviewViewSet", "api-review"),
    ("reviews-due", "parties.api_reviews.ReviewDueViewSet", "api-review-due"),
    ("risks", "parties.api_reviews.RiskViewSet", "api-risk"),
    ("plans", "parties.api_plans.PlanViewSet", "api-plan"),
    ("plan-sections", "parties.api_plans.PlanSectionViewSet", "api-plan-section"),
]


def register() -> None:
    ext.organization_urls.register(ext.UrlModule("parties.urls"))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=100 + order))
    ext.navigation.register(
        ext.NavEntry("parties", "Parties", "parties:party_list", "records.view", 10)
    )
    ext.home_tiles.register(ext.Tile("parties", "parties/home_tile.html", "records.view"))
