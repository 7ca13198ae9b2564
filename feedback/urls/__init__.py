"""The feedback app's pages under /o/<slug>/ (namespace ``feedback``), one module of routes
per area. The public pages of complaints (no sign-in) are ``public.urlpatterns``, mounted
at the site's root."""

from feedback.urls import complaints, surveys

app_name = "feedback"

urlpatterns = [
    *complaints.urlpatterns,
    *surveys.urlpatterns,
]
