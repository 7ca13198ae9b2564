from django.urls import include, path

from relmgmt.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_entry, name="entry"),
    path("<slug:org_slug>/", views.portal_home, name="home"),
    path("<slug:org_slug>/", include("suppliers.urls_portal")),
]
