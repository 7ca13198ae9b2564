from django.urls import include, path

from relmgmt.core import extensions
from relmgmt.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_entry, name="entry"),
    path("<slug:org_slug>/", views.portal_home, name="home"),
    # Each domain app's portal pages, as the app registered them.
    *(path("<slug:org_slug>/", include(entry.module)) for entry in extensions.portal_urls),
]
