"""The buyer's pages of requests to suppliers: list, raise, read, return, close, and the
response's file."""

from django.urls import path

from suppliers.views import requests

urlpatterns = [
    path("suppliers/requests/", requests.request_list, name="request_list"),
    path("suppliers/<int:pk>/requests/new/", requests.request_create, name="request_create"),
    path("suppliers/requests/<int:pk>/", requests.request_detail, name="request_detail"),
    path("suppliers/requests/<int:pk>/return/", requests.request_return, name="request_return"),
    path("suppliers/requests/<int:pk>/close/", requests.request_close, name="request_close"),
    path(
        "suppliers/requests/<int:pk>/download/",
        requests.request_download,
        name="request_download",
    ),
]
