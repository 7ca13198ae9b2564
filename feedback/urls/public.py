"""Public pages of the feedback app (no sign-in), outside any namespace: the
organisation's complaint form and the complainant's status page. The organisation's slug is
``slug``, not ``org_slug``: these pages are not the organisation area, and a signed-in
visitor who is no member may use them too."""

from django.urls import path

from feedback.views import public

urlpatterns = [
    path("c/<slug:slug>/", public.complaint_public_form, name="complaint_public_form"),
    path("c/<slug:slug>/thanks/", public.complaint_public_thanks, name="complaint_public_thanks"),
    path(
        "c/<slug:slug>/status/<str:token>/",
        public.complaint_public_status,
        name="complaint_public_status",
    ),
]
