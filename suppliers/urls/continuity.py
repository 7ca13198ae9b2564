"""Pages of supply continuity."""

from django.urls import path

from suppliers.views import continuity

urlpatterns = [
    path("suppliers/continuity/", continuity.continuity, name="continuity"),
    path(
        "suppliers/continuity/export.<str:fmt>",
        continuity.continuity_export,
        name="continuity_export",
    ),
    path(
        "suppliers/continuity/categories/<str:category>/backup/",
        continuity.category_backup,
        name="category_backup",
    ),
    path("suppliers/continuity/plans/new/", continuity.plan_create, name="contingency_plan_create"),
    path(
        "suppliers/continuity/plans/<int:pk>/edit/",
        continuity.plan_edit,
        name="contingency_plan_edit",
    ),
]
