"""The supplier portal's pages of the suppliers app (``urlpatterns``, registered to be
included under /portal/<org_slug>/, namespace ``portal``), and the buyer's pages of the portal
(``buyer_urlpatterns``, among the suppliers app's pages)."""

from django.urls import path

from suppliers.views.portal import (
    buyer,
    certificates,
    notifications,
    profile,
    questionnaires,
    requests,
    scorecard,
)

urlpatterns = [
    path("scorecard/", scorecard.portal_scorecard, name="scorecard"),
    path("questionnaires/", questionnaires.portal_questionnaire_list, name="questionnaire_list"),
    path(
        "questionnaires/<int:pk>/",
        questionnaires.portal_questionnaire_answer,
        name="questionnaire_answer",
    ),
    path(
        "questionnaires/files/<int:pk>/",
        questionnaires.portal_questionnaire_file,
        name="questionnaire_file",
    ),
    path("profile/", profile.profile, name="profile"),
    path("profile/contacts/new/", profile.contact_propose, name="contact_propose"),
    path(
        "profile/contacts/<int:pk>/change/",
        profile.contact_change_propose,
        name="contact_change_propose",
    ),
    path("profile/address/", profile.address_propose, name="address_propose"),
    path("certificates/", certificates.certificate_list, name="certificate_list"),
    path("certificates/new/", certificates.certificate_upload, name="certificate_upload"),
    path(
        "certificates/<int:pk>/download/",
        certificates.certificate_download,
        name="certificate_download",
    ),
    path("requests/", requests.request_list, name="request_list"),
    path("requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/download/", requests.request_download, name="request_download"),
    path("notifications/", notifications.notification_list, name="notification_list"),
]

# The buyer's pages of the portal (namespace ``suppliers``): decisions on what suppliers send
# through it.
buyer_urlpatterns = [
    path("suppliers/proposals/", buyer.change_list, name="change_list"),
    path("suppliers/proposals/<int:pk>/accept/", buyer.change_accept, name="change_accept"),
    path("suppliers/proposals/<int:pk>/reject/", buyer.change_reject, name="change_reject"),
    path(
        "suppliers/certificates/<int:pk>/accept/",
        buyer.certificate_accept,
        name="certificate_accept",
    ),
    path(
        "suppliers/certificates/<int:pk>/reject/",
        buyer.certificate_reject,
        name="certificate_reject",
    ),
]
