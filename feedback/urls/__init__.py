"""The feedback app's pages under /o/<slug>/ (namespace ``feedback``), one module of routes
per area."""

from feedback.urls import surveys

app_name = "feedback"

urlpatterns = [
    *surveys.urlpatterns,
]
