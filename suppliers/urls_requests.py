from django.urls import path

from suppliers.views import requests
from suppliers.views.portal import buyer as portal_buyer

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
    path("suppliers/proposals/", portal_buyer.change_list, name="change_list"),
    path("suppliers/proposals/<int:pk>/accept/", portal_buyer.change_accept, name="change_accept"),
    path("suppliers/proposals/<int:pk>/reject/", portal_buyer.change_reject, name="change_reject"),
    path(
        "suppliers/certificates/<int:pk>/accept/",
        portal_buyer.certificate_accept,
        name="certificate_accept",
    ),
    path(
        "suppliers/certificates/<int:pk>/reject/",
        portal_buyer.certificate_reject,
        name="certificate_reject",
    ),
]
