from django.urls import path

from relmgmt.audit import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
    path("security/", views.security_log, name="security_log"),
    path("audit/verification/", views.audit_verification, name="audit_verification"),
    path(
        "audit/records/<str:model_label>/<str:object_id>/",
        views.record_history,
        name="record_history",
    ),
    path(
        "audit/records/<str:model_label>/<str:object_id>/panel/",
        views.record_history_panel,
        name="record_history_panel",
    ),
]
