"""Pages of the history import: upload, preview and confirm, and the file's template."""

from django.urls import path

from suppliers.views import history

urlpatterns = [
    path("suppliers/history/import/", history.history_import_upload, name="history_import_upload"),
    path(
        "suppliers/history/import/preview/",
        history.history_import_preview,
        name="history_import_preview",
    ),
    path(
        "suppliers/history/import/template.csv",
        history.history_import_template,
        name="history_import_template",
    ),
]
