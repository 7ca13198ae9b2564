from django.urls import path

from suppliers.views import approval, register

app_name = "suppliers"

urlpatterns = [
    path("suppliers/", register.supplier_list, name="supplier_list"),
    path("suppliers/new/", register.supplier_create, name="supplier_create"),
    path("suppliers/<int:pk>/", register.supplier_detail, name="supplier_detail"),
    path("suppliers/<int:pk>/edit/", register.supplier_edit, name="supplier_edit"),
    path(
        "suppliers/<int:pk>/status/<str:action>/",
        approval.supplier_transition,
        name="supplier_transition",
    ),
    # The approved supplier list, today or as of ?date=
    path("suppliers/approved/", approval.approved_supplier_list, name="asl"),
    path("suppliers/approved.<str:fmt>", approval.approved_supplier_export, name="asl_export"),
]

# Deliveries (receipts) from suppliers.
from suppliers.urls_deliveries import urlpatterns as delivery_urlpatterns  # noqa: E402

urlpatterns += delivery_urlpatterns
