from django.urls import path

from relmgmt.portal import views
from suppliers.views import portal_scorecard

app_name = "portal"

urlpatterns = [
    path("", views.portal_entry, name="entry"),
    path("<slug:org_slug>/", views.portal_home, name="home"),
    path("<slug:org_slug>/scorecard/", portal_scorecard.portal_scorecard, name="scorecard"),
]
