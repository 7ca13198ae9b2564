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


def _party(record) -> dict:
    return {"pk": record.party_id}


def _interaction(record) -> dict:
    return {"pk": record.interaction_id}


# How the audit trail names and links the register's records (model, page, its arguments,
# name, relations the name reads). A record shown on another's page links to that page.
RECORD_PAGES = [
    ext.RecordPage("parties.party", "parties:party_detail"),
    ext.RecordPage("parties.need", "parties:party_detail", _party),
    ext.RecordPage("parties.contact", "parties:contact_detail"),
    ext.RecordPage("parties.interaction", "parties:interaction_detail"),
    ext.RecordPage(
        "parties.interactioncontact",
        "parties:interaction_detail",
        _interaction,
        name=lambda record: f"{record.contact} at {record.interaction}",
        select_related=("contact", "interaction"),
    ),
    ext.RecordPage(
        "parties.interactionmember",
        "parties:interaction_detail",
        _interaction,
        name=lambda record: f"{record.user} at {record.interaction}",
        select_related=("user", "interaction"),
    ),
    ext.RecordPage("parties.followup", "parties:interaction_detail", _interaction),
    ext.RecordPage("parties.review", "parties:party_detail", _party),
    ext.RecordPage("parties.risk", "parties:party_detail", _party),
    ext.RecordPage("parties.relationshipplan", "parties:plan_detail"),
    ext.RecordPage(
        "parties.planversion",
        "parties:plan_detail",
        lambda record: {"pk": record.plan_id},
        select_related=("plan",),
    ),
    ext.RecordPage(
        "parties.plansection",
        "parties:plan_detail",
        lambda record: {"pk": record.version.plan_id},
        name=lambda record: f"{record.get_key_display()} of {record.version}",
        select_related=("version__plan",),
    ),
]


# The imports the worker writes once confirmed (relmgmt.core.import_jobs).
IMPORT_KINDS = [
    ext.ImportKindPath("parties", "parties.services.imports.PARTIES"),
    ext.ImportKindPath("contacts", "parties.services.imports.CONTACTS"),
]


def register() -> None:
    from parties.services.erasure import INTERACTION_FIELDS, interactions_erase

    ext.organization_urls.register(ext.UrlModule("parties.urls"))
    for entry in IMPORT_KINDS:
        ext.import_kinds.register(entry)
    ext.personal_data.register(
        ext.PersonalData(
            "parties.interactions",
            tuple(f"parties.Interaction.{field}" for field in INTERACTION_FIELDS),
            interactions_erase,
        )
    )
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=100 + order))
    ext.navigation.register(
        ext.NavEntry("parties", "Parties", "parties:party_list", "records.view", 10)
    )
    ext.home_tiles.register(ext.Tile("parties", "parties/home_tile.html", "records.view"))
    for entry in RECORD_PAGES:
        ext.record_pages.register(entry)
