"""The supplier portal's pages of the suppliers app, under /portal/<org_slug>/ (namespace
``portal``)."""

from django.urls import path

from suppliers.views.portal import certificates as portal_certificates
from suppliers.views.portal import notifications as portal_notifications
from suppliers.views.portal import profile as portal_profile
from suppliers.views.portal import requests as portal_requests

urlpatterns = [
    path("profile/", portal_profile.profile, name="profile"),
    path("profile/contacts/new/", portal_profile.contact_propose, name="contact_propose"),
    path(
        "profile/contacts/<int:pk>/change/",
        portal_profile.contact_change_propose,
        name="contact_change_propose",
    ),
    path("profile/address/", portal_profile.address_propose, name="address_propose"),
    path("certificates/", portal_certificates.certificate_list, name="certificate_list"),
    path("certificates/new/", portal_certificates.certificate_upload, name="certificate_upload"),
    path(
        "certificates/<int:pk>/download/",
        portal_certificates.certificate_download,
        name="certificate_download",
    ),
    path("requests/", portal_requests.request_list, name="request_list"),
    path("requests/<int:pk>/", portal_requests.request_detail, name="request_detail"),
    path("requests/<int:pk>/download/", portal_requests.request_download, name="request_download"),
    path("notifications/", portal_notifications.notification_list, name="notification_list"),
]
