"""What the feedback app (satisfaction surveys and complaints, ISO 9001 9.1.2 and 8.2.1)
adds to the platform (``relmgmt.core.extensions``), registered from
``FeedbackConfig.ready()``."""

from celery.schedules import crontab
from django.urls import reverse

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
    from relmgmt.core.remembered import remembered, this_minute

    organization = request.organization
    # What is past its service level moves with the clock, the rest with the records.
    return remembered(
        "complaints-home",
        organization,
        lambda: open_count(organization=organization),
        moment=this_minute(),
    )


def _complaint_days(organization, party_id, start, end) -> list:
    from feedback.selectors.complaints import complaint_days

    return complaint_days(organization, party_id, start, end)


def _campaign(record) -> dict:
    return {"pk": record.campaign_id}


def _template(record) -> dict:
    return {"pk": record.template_id}


# How the audit trail names survey records and links to their pages. A respondent is named
# by number and campaign, never by the contact (personal data).
SURVEY_RECORD_PAGES = [
    ext.RecordPage("feedback.surveytemplate", "feedback:survey_template_detail"),
    ext.RecordPage("feedback.surveysection", "feedback:survey_template_detail", _template),
    ext.RecordPage("feedback.surveyquestion", "feedback:survey_template_detail", _template),
    ext.RecordPage("feedback.surveycampaign", "feedback:survey_campaign_detail"),
    ext.RecordPage("feedback.surveyrecipient", "feedback:survey_campaign_detail", _campaign),
    ext.RecordPage("feedback.surveyresponse", "feedback:survey_campaign_results", _campaign),
    ext.RecordPage(
        "feedback.surveyanswer",
        "feedback:survey_campaign_results",
        lambda record: {"pk": record.response.campaign_id},
        select_related=("response",),
    ),
]


def _latest_scores_links(request, party_id) -> list[tuple[str, str, str]]:
    """The latest survey scores of a party, linked to its campaign's results."""
    from feedback.selectors.surveys import latest_scores_shown

    shown = latest_scores_shown(organization=request.organization, party_id=party_id)
    if shown is None:
        return []
    scores, day, campaign_pk, campaign_name = shown
    url = reverse(
        "feedback:survey_campaign_results",
        kwargs={"org_slug": request.organization.slug, "pk": campaign_pk},
    )
    return [("Latest survey scores", f"{scores}, on {day} ({campaign_name})", url)]


# The party and supplier pages show the latest scores (those apps never import this one).
SURVEY_RECORD_LINKS = [
    ext.RecordLink(
        "feedback.party_latest_scores",
        "parties.party",
        lambda request, party: _latest_scores_links(request, party.pk),
        order=200,
    ),
    ext.RecordLink(
        "feedback.supplier_latest_scores",
        "suppliers.supplier",
        lambda request, supplier: _latest_scores_links(request, supplier.party_id),
        order=200,
    ),
]

SURVEY_API_ROUTES = [
    ("survey-templates", "feedback.api.surveys.SurveyTemplateViewSet", "api-survey-template"),
    ("survey-campaigns", "feedback.api.surveys.SurveyCampaignViewSet", "api-survey-campaign"),
]


def _register_surveys() -> None:
    from feedback.organization_settings import SurveyFollowUp, TransactionalSurveys

    for order, (prefix, viewset, basename) in enumerate(SURVEY_API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=320 + order))
    ext.navigation.register(
        ext.NavEntry("surveys", "Surveys", "feedback:survey_campaign_list", "records.view", 30)
    )
    ext.home_tiles.register(
        ext.Tile("surveys", "feedback/surveys/home_tile.html", "records.view", order=30)
    )
    ext.settings_sections.register(SurveyFollowUp())
    ext.settings_sections.register(TransactionalSurveys())
    for entry in SURVEY_RECORD_PAGES:
        ext.record_pages.register(entry)
    for link in SURVEY_RECORD_LINKS:
        ext.record_links.register(link)
    ext.periodic_tasks.register(
        ext.PeriodicTask(
            "send-survey-emails", "feedback.tasks.surveys.dispatch_survey_emails", 300.0
        )
    )
    ext.periodic_tasks.register(
        ext.PeriodicTask(
            "repeat-survey-campaigns",
            "feedback.tasks.surveys.dispatch_recurring_campaigns",
            crontab(hour=6, minute=17),
        )
    )


def register() -> None:
    """Each area of the app adds its URLs, API routes, menu entries and tiles here."""
    from feedback import kpis
    from feedback.organization_settings import ComplaintServiceLevels
    from feedback.services.complaints import complaint_closed_listeners
    from feedback.services.surveys.transactional import survey_the_handling

    if survey_the_handling not in complaint_closed_listeners:
        complaint_closed_listeners.append(survey_the_handling)
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
    for kpi in kpis.kpis():
        ext.kpis.register(kpi)
    ext.party_events.register(ext.PartyEvents("complaints", _complaint_days))
    _register_surveys()
