"""The supplier register's pages."""

from django.urls import path

from suppliers.views import panels, register

urlpatterns = [
    path("suppliers/", register.supplier_list, name="supplier_list"),
    path("suppliers/export.<str:fmt>", register.supplier_export, name="supplier_export"),
    path("suppliers/new/", register.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", register.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", register.supplier_edit, name="supplier_edit"),
]

urlpatterns += [
    path(
        f"suppliers/<int:pk>/panels/{slug}/",
        panels.supplier_panel,
        {"panel": slug},
        name=panel.url_name,
    )
    for slug, panel in panels.PANELS.items()
]
