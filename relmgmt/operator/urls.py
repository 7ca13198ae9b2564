from django.urls import path

from relmgmt.operator import views

app_name = "operator"

urlpatterns = [
    path("", views.organization_list, name="organization_list"),
    path("status/", views.status, name="status"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization_detail"),
    path("organizations/<int:pk>/admins/", views.admin_invite, name="admin_invite"),
    path(
        "organizations/<int:pk>/suspension/",
        views.organization_suspension,
        name="organization_suspension",
    ),
]
