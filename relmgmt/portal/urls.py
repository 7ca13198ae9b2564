from django.urls import include, path

from relmgmt.portal import views
from suppliers.views.portal import scorecard as portal_scorecard

app_name = "portal"

urlpatterns = [
    path("", views.portal_entry, name="entry"),
    path("<slug:org_slug>/", views.portal_home, name="home"),
    path("<slug:org_slug>/scorecard/", portal_scorecard.portal_scorecard, name="scorecard"),
    # Profile, certificates, requests and notifications.
    path("<slug:org_slug>/", include("suppliers.urls.portal")),
]

# Questionnaires to answer.
from suppliers.views.portal import questionnaires as portal_questionnaires  # noqa: E402

urlpatterns += [
    path(
        "<slug:org_slug>/questionnaires/",
        portal_questionnaires.portal_questionnaire_list,
        name="questionnaire_list",
    ),
    path(
        "<slug:org_slug>/questionnaires/<int:pk>/",
        portal_questionnaires.portal_questionnaire_answer,
        name="questionnaire_answer",
    ),
    path(
        "<slug:org_slug>/questionnaires/files/<int:pk>/",
        portal_questionnaires.portal_questionnaire_file,
        name="questionnaire_file",
    ),
]
