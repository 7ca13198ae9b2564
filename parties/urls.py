from django.urls import path

from parties.views import (
    contacts,
    exports,
    imports,
    interactions,
    overview,
    plans,
    register,
    reviews,
    risks,
)

app_name = "parties"

urlpatterns = [
    path("parties/", register.party_list, name="party_list"),
    path("parties/new/", register.party_create, name="party_create"),
    path("parties/<int:pk>/", register.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", register.party_edit, name="party_edit"),
    path(
        "parties/<int:pk>/sections/<slug:section>/",
        register.party_section,
        name="party_section",
    ),
    path("parties/<int:pk>/needs/new/", register.need_create, name="need_create"),
    path("needs/<int:pk>/edit/", register.need_edit, name="need_edit"),
    # Contacts, their consent and their personal data
    path("contacts/", contacts.contact_list, name="contact_list"),
    path("parties/<int:pk>/contacts/new/", contacts.contact_create, name="contact_create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact_detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/consent/", contacts.contact_consent, name="contact_consent"),
    path(
        "contacts/<int:pk>/consent/withdraw/",
        contacts.contact_consent_withdraw,
        name="contact_consent_withdraw",
    ),
    path("contacts/<int:pk>/export/", contacts.contact_export, name="contact_export"),
    path("contacts/<int:pk>/erase/", contacts.contact_erase, name="contact_erase"),
    # Interactions and their follow-up actions
    path("interactions/", interactions.interaction_list, name="interaction_list"),
    path(
        "parties/<int:pk>/interactions/new/",
        interactions.interaction_create,
        name="interaction_create",
    ),
    path("interactions/<int:pk>/", interactions.interaction_detail, name="interaction_detail"),
    path("interactions/<int:pk>/edit/", interactions.interaction_edit, name="interaction_edit"),
    path(
        "interactions/<int:pk>/follow-ups/new/",
        interactions.follow_up_create,
        name="follow_up_create",
    ),
    path("follow-ups/", interactions.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:pk>/edit/", interactions.follow_up_edit, name="follow_up_edit"),
    path("follow-ups/<int:pk>/done/", interactions.follow_up_done, name="follow_up_done"),
    # Reviews, risks and opportunities, and the register overview
    path("parties/reviews/", reviews.review_list, name="review_list"),
    path("parties/reviews/due/", reviews.review_due_list, name="review_due_list"),
    path("parties/<int:pk>/reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("parties/risks/", risks.risk_list, name="risk_list"),
    path("parties/risks/export.<str:fmt>", risks.risk_export, name="risk_export"),
    path("parties/<int:pk>/risks/new/", risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("parties/overview/", overview.overview, name="overview"),
    path(
        "parties/overview/power-interest.csv",
        overview.power_interest_csv,
        name="overview_power_interest_csv",
    ),
    path("parties/overview/heat-map.csv", overview.heat_map_csv, name="overview_heat_map_csv"),
    path(
        "parties/overview/reviews-due.csv",
        overview.reviews_due_csv,
        name="overview_reviews_due_csv",
    ),
    # Relationship plans
    path("parties/<int:pk>/plan/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/new-version/", plans.version_start, name="plan_version_start"),
    path("plan-versions/<int:pk>/approve/", plans.version_approve, name="plan_version_approve"),
    path("plan-versions/<int:pk>/pdf/", plans.version_pdf, name="plan_version_pdf"),
    path("plan-sections/<int:pk>/edit/", plans.section_edit, name="plan_section_edit"),
    # Import and export
    path("parties/export.<str:fmt>", register.party_export, name="party_export"),
    path("contacts/export.<str:fmt>", exports.contacts_export, name="contacts_export"),
    path("imports/<str:kind>/", imports.import_upload, name="import_upload"),
    path("imports/<str:kind>/preview/", imports.import_preview, name="import_preview"),
    path("imports/<str:kind>/template.csv", imports.import_template, name="import_template"),
]
