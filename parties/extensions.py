"""What the parties app adds to the platform (``relmgmt.core.extensions``), registered
from ``PartiesConfig.ready()``."""

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("parties", "parties.api.register.PartyViewSet", "api-party"),
    ("needs", "parties.api.register.NeedViewSet", "api-need"),
    ("contacts", "parties.api.contacts.ContactViewSet", "api-contact"),
    ("interactions", "parties.api.interactions.InteractionViewSet", "api-interaction"),
    ("follow-ups", "parties.api.interactions.FollowUpViewSet", "api-follow-up"),
    ("reviews", "parties.api.reviews.ReviewViewSet", "api-review"),
    ("reviews-due", "parties.api.reviews.ReviewDueViewSet", "api-review-due"),
    ("risks", "parties.api.risks.RiskViewSet", "api-risk"),
    ("plans", "parties.api.plans.PlanViewSet", "api-plan"),
    ("plan-sections", "parties.api.plans.PlanSectionViewSet", "api-plan-section"),
]


def register() -> None:
    ext.organization_urls.register(ext.UrlModule("parties.urls"))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=100 + order))
    ext.navigation.register(
        ext.NavEntry("parties", "Parties", "parties:party_list", "records.view", 10)
    )
    ext.home_tiles.register(ext.Tile("parties", "parties/home_tile.html", "records.view"))
