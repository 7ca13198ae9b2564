"""Pages of agreements with suppliers."""

from django.urls import path

from suppliers.views import agreements, panels

urlpatterns = [
    path("suppliers/agreements/", agreements.agreement_list, name="agreement_list"),
    path(
        "suppliers/agreements/compliance.<str:fmt>",
        agreements.agreement_compliance_export,
        name="agreement_compliance_export",
    ),
    path("suppliers/agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("suppliers/agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("suppliers/agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement_edit"),
]

urlpatterns += [
    path(
        f"suppliers/agreements/<int:pk>/panels/{slug}/",
        panels.agreement_panel,
        {"panel": slug},
        name=panel.url_name,
    )
    for slug, panel in panels.AGREEMENT_PANELS.items()
]
