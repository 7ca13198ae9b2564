"""Pages of surveys: templates and their builder, campaigns, results, and the
respondent's public pages."""

from django.urls import path

from feedback.views.surveys import campaigns, respond, templates

urlpatterns = [
    path("surveys/", campaigns.campaign_list, name="survey_campaign_list"),
    path("surveys/new/", campaigns.campaign_create, name="survey_campaign_create"),
    path("surveys/results/", campaigns.results_overview, name="survey_results"),
    path(
        "surveys/results/export.<str:fmt>",
        campaigns.results_export,
        name="survey_results_export",
    ),
    path("surveys/<int:pk>/", campaigns.campaign_detail, name="survey_campaign_detail"),
    path("surveys/<int:pk>/send/", campaigns.campaign_send, name="survey_campaign_send"),
    path("surveys/<int:pk>/close/", campaigns.campaign_close, name="survey_campaign_close"),
    path("surveys/<int:pk>/bounce/", campaigns.recipient_bounce, name="survey_recipient_bounce"),
    path("surveys/<int:pk>/results/", campaigns.campaign_results, name="survey_campaign_results"),
    path("surveys/answers/<int:pk>/loop/", campaigns.loop_close, name="survey_loop_close"),
    path("surveys/templates/", templates.template_list, name="survey_template_list"),
    path("surveys/templates/new/", templates.template_create, name="survey_template_create"),
    path("surveys/templates/<int:pk>/", templates.template_detail, name="survey_template_detail"),
    path(
        "surveys/templates/<int:pk>/new-version/",
        templates.template_new_version,
        name="survey_template_new_version",
    ),
    path(
        "surveys/templates/<int:pk>/sections/new/",
        templates.section_create,
        name="survey_section_create",
    ),
    path("surveys/sections/<int:pk>/", templates.section_edit, name="survey_section_edit"),
    path(
        "surveys/sections/<int:pk>/questions/new/",
        templates.question_create,
        name="survey_question_create",
    ),
    path("surveys/questions/<int:pk>/", templates.question_edit, name="survey_question_edit"),
    # The respondent's pages: no sign-in, the personal link is the key.
    path("s/<str:token>/", respond.survey_respond, name="survey_respond"),
    path("s/<str:token>/unsubscribe/", respond.survey_unsubscribe, name="survey_unsubscribe"),
]
