"""The buyer's pages of suppliers' 8Ds."""

from django.urls import path

from corrective_actions.views import scars as views

urlpatterns = [
    path("supplier-8d/", views.scar_list, name="scar_list"),
    path("supplier-8d/export.<str:fmt>", views.scar_export, name="scar_export"),
    path("supplier-8d/new/", views.scar_create, name="scar_create"),
    path(
        "supplier-8d/from-nonconformity/<int:pk>/",
        views.scar_from_nonconformity,
        name="scar_from_nc",
    ),
    path(
        "supplier-8d/from-delivery/<int:pk>/",
        views.scar_from_delivery,
        name="scar_from_delivery",
    ),
    path("supplier-8d/<int:pk>/", views.scar_detail, name="scar_detail"),
    path("supplier-8d/<int:pk>/trail/", views.scar_trail, name="scar_trail"),
    path("supplier-8d/<int:pk>/review/", views.scar_review, name="scar_review"),
    path("supplier-8d/<int:pk>/transition/", views.scar_transition, name="scar_transition"),
    path("supplier-8d/<int:pk>/note/", views.scar_note, name="scar_note"),
    path("supplier-8d/<int:pk>/cancel/", views.scar_cancel, name="scar_cancel"),
    path("supplier-8d/<int:pk>/pdf/", views.scar_pdf, name="scar_pdf"),
    path(
        "supplier-8d/attachments/<int:pk>/",
        views.scar_attachment_download,
        name="scar_attachment_download",
    ),
]
