"""What the feedback app (satisfaction surveys and complaints, ISO 9001 9.1.2 and 8.2.1)
adds to the platform (``relmgmt.core.extensions``), registered from
``FeedbackConfig.ready()``."""

from celery.schedules import crontab

from relmgmt.core import extensions as ext

SURVEY_API_ROUTES = [
    ("survey-templates", "feedback.api.surveys.SurveyTemplateViewSet", "api-survey-template"),
    ("survey-campaigns", "feedback.api.surveys.SurveyCampaignViewSet", "api-survey-campaign"),
]


def _register_surveys() -> None:
    from feedback.organization_settings import SurveyFollowUp

    for order, (prefix, viewset, basename) in enumerate(SURVEY_API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=300 + order))
    ext.navigation.register(
        ext.NavEntry("surveys", "Surveys", "feedback:survey_campaign_list", "records.view", 30)
    )
    ext.home_tiles.register(
        ext.Tile("surveys", "feedback/surveys/home_tile.html", "records.view", order=30)
    )
    ext.settings_sections.register(SurveyFollowUp())
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
    ext.organization_urls.register(ext.UrlModule("feedback.urls"))
    _register_surveys()
