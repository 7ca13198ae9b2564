"""Supplier approval's pages: a transition of status, and the approved supplier list today
or as of ?date=, as a page, a PDF or a CSV."""

from django.urls import path

from suppliers.views.approval import pages

urlpatterns = [
    path(
        "suppliers/<int:pk>/status/<str:action>/",
        pages.supplier_transition,
        name="supplier_transition",
    ),
    path("suppliers/approved/", pages.approved_supplier_list, name="asl"),
    path("suppliers/approved.<str:fmt>", pages.approved_supplier_export, name="asl_export"),
]
