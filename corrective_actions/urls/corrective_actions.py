"""The pages of corrective actions, their actions and their root cause analysis."""

from django.urls import path

from corrective_actions.views import corrective_actions as views

urlpatterns = [
    path("corrective-actions/", views.ca_list, name="ca_list"),
    path("corrective-actions/export.<str:fmt>", views.ca_export, name="ca_export"),
    path("corrective-actions/new/", views.ca_create, name="ca_create"),
    path("corrective-actions/<int:pk>/", views.ca_detail, name="ca_detail"),
    path("corrective-actions/<int:pk>/trail/", views.ca_trail, name="ca_trail"),
    path("corrective-actions/<int:pk>/edit/", views.ca_edit, name="ca_edit"),
    path("corrective-actions/<int:pk>/transition/", views.ca_transition, name="ca_transition"),
    path("corrective-actions/<int:pk>/attach/", views.ca_attach, name="ca_attach"),
    path("corrective-actions/<int:pk>/pdf/", views.ca_pdf, name="ca_pdf"),
    path("corrective-actions/<int:pk>/steps/new/", views.step_add, name="step_add"),
    path("corrective-actions/steps/<int:pk>/", views.step_edit, name="step_edit"),
    path("corrective-actions/<int:pk>/whys/", views.why_add, name="why_add"),
    path("corrective-actions/whys/<int:pk>/", views.why_edit, name="why_edit"),
    path("corrective-actions/<int:pk>/causes/", views.cause_add, name="cause_add"),
    path("corrective-actions/causes/<int:pk>/", views.cause_edit, name="cause_edit"),
    path("corrective-actions/<int:pk>/root-cause/", views.summary_save, name="summary_save"),
    path(
        "corrective-actions/attachments/<int:pk>/",
        views.ca_attachment_download,
        name="ca_attachment_download",
    ),
]
