"""The organisation area's pages for API tokens, under /o/<slug>/tokens/."""

from django.urls import path

from relmgmt.api import token_views

urlpatterns = [
    path("tokens/", token_views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", token_views.token_revoke, name="token_revoke"),
]
