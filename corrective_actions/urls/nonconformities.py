"""The pages of nonconformities."""

from django.urls import path

from corrective_actions.views import nonconformities as views

urlpatterns = [
    path("nonconformities/", views.nc_list, name="nc_list"),
    path("nonconformities/export.<str:fmt>", views.nc_export, name="nc_export"),
    path("nonconformities/new/", views.nc_create, name="nc_create"),
    path(
        "nonconformities/from-delivery/<int:pk>/",
        views.nc_from_delivery,
        name="nc_from_delivery",
    ),
    path("nonconformities/<int:pk>/", views.nc_detail, name="nc_detail"),
    path("nonconformities/<int:pk>/trail/", views.nc_trail, name="nc_trail"),
    path("nonconformities/<int:pk>/edit/", views.nc_edit, name="nc_edit"),
    path("nonconformities/<int:pk>/transition/", views.nc_transition, name="nc_transition"),
    path("nonconformities/<int:pk>/attach/", views.nc_attach, name="nc_attach"),
    path("nonconformities/<int:pk>/corrective-action/", views.nc_open_ca, name="nc_open_ca"),
    path(
        "nonconformities/attachments/<int:pk>/",
        views.nc_attachment_download,
        name="nc_attachment_download",
    ),
]
