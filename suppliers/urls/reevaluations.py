"""Pages of re-evaluations (ISO 9001 8.4.1): the suppliers due, record one, see one."""

from django.urls import path

from suppliers.views import reevaluations

urlpatterns = [
    path(
        "suppliers/reevaluations/",
        reevaluations.reevaluation_due_list,
        name="reevaluation_due_list",
    ),
    path(
        "suppliers/reevaluations/export.<str:fmt>",
        reevaluations.reevaluation_due_export,
        name="reevaluation_due_export",
    ),
    path(
        "suppliers/<int:pk>/reevaluations/new/",
        reevaluations.reevaluation_create,
        name="reevaluation_create",
    ),
    path(
        "suppliers/reevaluations/<int:pk>/",
        reevaluations.reevaluation_detail,
        name="reevaluation_detail",
    ),
]
