"""The pages of suppliers' certificates and documents."""

from django.urls import path

from suppliers.views import certificates

urlpatterns = [
    path("suppliers/certificates/", certificates.certificate_list, name="certificate_list"),
    path(
        "suppliers/certificates/export.<str:fmt>",
        certificates.certificate_export,
        name="certificate_export",
    ),
    path(
        "suppliers/<int:pk>/certificates/new/",
        certificates.certificate_create,
        name="certificate_create",
    ),
    path(
        "suppliers/certificates/<int:pk>/edit/",
        certificates.certificate_edit,
        name="certificate_edit",
    ),
    path(
        "suppliers/certificates/<int:pk>/delete/",
        certificates.certificate_delete,
        name="certificate_delete",
    ),
    path(
        "suppliers/certificates/<int:pk>/download/",
        certificates.certificate_download,
        name="certificate_download",
    ),
]
