from django.urls import path

from parties.views import exports, imports, plans, register

app_name = "parties"

urlpatterns = [
    path("parties/", register.party_list, name="party_list"),
    path("parties/new/", register.party_create, name="party_create"),
    path("parties/<int:pk>/", register.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", register.party_edit, name="party_edit"),
    path("parties/<int:pk>/needs/new/", register.need_create, name="need_create"),
    path("needs/<int:pk>/edit/", register.need_edit, name="need_edit"),
    # Relationship plans
    path("parties/<int:pk>/plan/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/new-version/", plans.version_start, name="plan_version_start"),
    path("plan-versions/<int:pk>/approve/", plans.version_approve, name="plan_version_approve"),
    path("plan-versions/<int:pk>/pdf/", plans.version_pdf, name="plan_version_pdf"),
    path("plan-sections/<int:pk>/edit/", plans.section_edit, name="plan_section_edit"),
    # Import and export
    path("parties/export.<str:fmt>", exports.party_export, name="party_export"),
    path("contacts/export.<str:fmt>", exports.contact_export, name="contact_export"),
    path("imports/<str:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<str:kind>/preview/", imports.import_preview, name="import_preview"),
    path("imports/<str:kind>/template.csv", imports.import_template, name="import_template"),
]
