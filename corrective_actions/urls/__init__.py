"""The corrective actions app's pages under /o/<slug>/ (namespace ``corrective_actions``),
one module of routes per area."""

from corrective_actions.urls import corrective_actions, nonconformities, scars

app_name = "corrective_actions"

urlpatterns = [
    *nonconformities.urlpatterns,
    *corrective_actions.urlpatterns,
    *scars.urlpatterns,
]
