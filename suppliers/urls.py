from django.urls import path

from suppliers.views import certificates, register
from suppliers.views.approval import pages as approval_pages

app_name = "suppliers"

urlpatterns = [
    path("suppliers/", register.supplier_list, name="supplier_list"),
    path("suppliers/new/", register.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", register.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", register.supplier_edit, name="supplier_edit"),
    path(
        "suppliers/<int:pk>/status/<str:action>/",
        approval_pages.supplier_transition,
        name="supplier_transition",
    ),
    # Certificates and documents
    path("suppliers/certificates/", certificates.certificate_list, name="certificate_list"),
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
    # The approved supplier list, today or as of ?date=
    path("suppliers/approved/", approval_pages.approved_supplier_list, name="asl"),
    path(
        "suppliers/approved.<str:fmt>", approval_pages.approved_supplier_export, name="asl_export"
    ),
]

# Deliveries (receipts) from suppliers.
from suppliers.urls_deliveries import urlpatterns as delivery_urlpatterns  # noqa: E402

urlpatterns += delivery_urlpatterns

# Questionnaires: templates, sending, review.
from suppliers.urls_questionnaires import urlpatterns as questionnaire_urlpatterns  # noqa: E402

urlpatterns += questionnaire_urlpatterns
# Supplier scorecards.
from suppliers.urls_scorecards import urlpatterns as scorecard_urlpatterns  # noqa: E402

urlpatterns += scorecard_urlpatterns
# Requests to suppliers, and decisions on what suppliers send through the portal.
from suppliers.urls_requests import urlpatterns as request_urlpatterns  # noqa: E402

urlpatterns += request_urlpatterns
# Re-evaluations, performance reviews and agreements.
from suppliers.urls_reviews import urlpatterns as review_urlpatterns  # noqa: E402

urlpatterns += review_urlpatterns
