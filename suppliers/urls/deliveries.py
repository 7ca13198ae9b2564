"""Pages of deliveries: the list, add, see, change, delete, and the import of a file."""

from django.urls import path

from suppliers.views import deliveries

urlpatterns = [
    path("deliveries/", deliveries.delivery_list, name="delivery_list"),
    path("deliveries/export.<str:fmt>", deliveries.delivery_export, name="delivery_export"),
    path("deliveries/new/", deliveries.delivery_create, name="delivery_create"),
    path("deliveries/<int:pk>/", deliveries.delivery_detail, name="delivery_detail"),
    path("deliveries/<int:pk>/edit/", deliveries.delivery_edit, name="delivery_edit"),
    path("deliveries/<int:pk>/delete/", deliveries.delivery_delete, name="delivery_delete"),
    path("deliveries/import/", deliveries.delivery_import_upload, name="delivery_import_upload"),
    path(
        "deliveries/import/preview/",
        deliveries.delivery_import_preview,
        name="delivery_import_preview",
    ),
    path(
        "deliveries/import/template.csv",
        deliveries.delivery_import_template,
        name="delivery_import_template",
    ),
]
