"""Pages of purchase spend: the list, enter, change, delete, and the import of a file."""

from django.urls import path

from suppliers.views import spend

urlpatterns = [
    path("suppliers/spend/", spend.spend_list, name="spend_list"),
    path("suppliers/spend/export.<str:fmt>", spend.spend_export, name="spend_export"),
    path("suppliers/spend/new/", spend.spend_create, name="spend_create"),
    path("suppliers/spend/<int:pk>/edit/", spend.spend_edit, name="spend_edit"),
    path("suppliers/spend/<int:pk>/delete/", spend.spend_delete, name="spend_delete"),
    path("suppliers/spend/import/", spend.spend_import_upload, name="spend_import_upload"),
    path(
        "suppliers/spend/import/preview/",
        spend.spend_import_preview,
        name="spend_import_preview",
    ),
    path(
        "suppliers/spend/import/template.csv",
        spend.spend_import_template,
        name="spend_import_template",
    ),
]
