"""The feedback app's pages (namespace ``feedback``), one module of routes per area. The
public pages (no sign-in) are ``public.urlpatterns``, mounted at the site's root."""

from feedback.urls import complaints

app_name = "feedback"

urlpatterns = [
    *complaints.urlpatterns,
]
