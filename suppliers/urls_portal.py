"""The supplier portal's pages of the suppliers app, under /portal/<org_slug>/ (namespace
``portal``)."""

from django.urls import path

from suppliers.views import portal, portal_questionnaires, portal_scorecard

urlpatterns = [
    path("scorecard/", portal_scorecard.portal_scorecard, name="scorecard"),
    path(
        "questionnaires/",
        portal_questionnaires.portal_questionnaire_list,
        name="questionnaire_list",
    ),
    path(
        "questionnaires/<int:pk>/",
        portal_questionnaires.portal_questionnaire_answer,
        name="questionnaire_answer",
    ),
    path(
        "questionnaires/files/<int:pk>/",
        portal_questionnaires.portal_questionnaire_file,
        name="questionnaire_file",
    ),
    path("profile/", portal.profile, name="profile"),
    path("profile/contacts/new/", portal.contact_propose, name="contact_propose"),
    path(
        "profile/contacts/<int:pk>/change/",
        portal.contact_change_propose,
        name="contact_change_propose",
    ),
    path("profile/address/", portal.address_propose, name="address_propose"),
    path("certificates/", portal.certificate_list, name="certificate_list"),
    path("certificates/new/", portal.certificate_upload, name="certificate_upload"),
    path(
        "certificates/<int:pk>/download/",
        portal.certificate_download,
        name="certificate_download",
    ),
    path("requests/", portal.request_list, name="request_list"),
    path("requests/<int:pk>/", portal.request_detail, name="request_detail"),
    path("requests/<int:pk>/download/", portal.request_download, name="request_download"),
    path("notifications/", portal.notification_list, name="notification_list"),
]
