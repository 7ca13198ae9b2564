"""The pages of the complaints register."""

from django.urls import path

from feedback.views import complaints

urlpatterns = [
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/export.<str:fmt>", complaints.complaint_export, name="complaint_export"),
    path(
        "complaints/handling.<str:fmt>",
        complaints.complaint_handling_export,
        name="complaint_handling_export",
    ),
    path("complaints/new/", complaints.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/edit/", complaints.complaint_edit, name="complaint_edit"),
    path(
        "complaints/<int:pk>/transition/",
        complaints.complaint_transition,
        name="complaint_transition",
    ),
    path("complaints/<int:pk>/attach/", complaints.complaint_attach, name="complaint_attach"),
    path(
        "complaints/attachments/<int:pk>/",
        complaints.complaint_attachment_download,
        name="complaint_attachment_download",
    ),
]
