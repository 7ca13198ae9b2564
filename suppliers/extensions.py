"""What the suppliers app adds to the platform (``relmgmt.core.extensions``), registered
from ``SuppliersConfig.ready()``."""

from celery.schedules import crontab
from django.urls import reverse

from relmgmt.core import extensions as ext

PORTAL_TABS = [
    ("questionnaires", "Questionnaires", "portal:questionnaire_list"),
    ("scorecard", "Scorecard", "portal:scorecard"),
    ("profile", "Profile", "portal:profile"),
    ("certificates", "Certificates", "portal:certificate_list"),
    ("requests", "Requests", "portal:request_list"),
    ("notifications", "Notifications", "portal:notification_list"),
]

API_ROUTES = [
    ("suppliers", "suppliers.api.register.SupplierViewSet", "api-supplier"),
    ("deliveries", "suppliers.api.deliveries.DeliveryViewSet", "api-delivery"),
    (
        "approved-suppliers",
        "suppliers.api.approval.ApprovedSupplierViewSet",
        "api-approved-supplier",
    ),
    ("certificates", "suppliers.api.certificates.CertificateViewSet", "api-certificate"),
    (
        "supply-continuity",
        "suppliers.api.continuity.SupplyContinuityViewSet",
        "api-supply-continuity",
    ),
    (
        "contingency-plans",
        "suppliers.api.continuity.ContingencyPlanViewSet",
        "api-contingency-plan",
    ),
    ("supplier-spend", "suppliers.api.spend.SpendViewSet", "api-supplier-spend"),
    (
        "questionnaire-templates",
        "suppliers.api.questionnaires.QuestionnaireTemplateViewSet",
        "api-questionnaire-template",
    ),
    (
        "questionnaires",
        "suppliers.api.questionnaires.QuestionnaireRequestViewSet",
        "api-questionnaire",
    ),
    (
        "scorecard-definitions",
        "suppliers.api.scorecards.DefinitionViewSet",
        "api-scorecard-definition",
    ),
    ("scorecard-results", "suppliers.api.scorecards.ResultViewSet", "api-scorecard-result"),
    ("manual-ratings", "suppliers.api.scorecards.ManualRatingViewSet", "api-manual-rating"),
    (
        "suspension-proposals",
        "suppliers.api.scorecards.ProposalViewSet",
        "api-suspension-proposal",
    ),
    ("scorecard-jobs", "suppliers.api.scorecards.JobViewSet", "api-scorecard-job"),
    ("supplier-requests", "suppliers.api.requests.SupplierRequestViewSet", "api-supplier-request"),
    ("profile-changes", "suppliers.api.portal.buyer.ProfileChangeViewSet", "api-profile-change"),
    ("reevaluations", "suppliers.api.reevaluations.ReEvaluationViewSet", "api-reevaluation"),
    (
        "reevaluations-due",
        "suppliers.api.reevaluations.ReEvaluationDueViewSet",
        "api-reevaluation-due",
    ),
    (
        "performance-reviews",
        "suppliers.api.performance_reviews.PerformanceReviewViewSet",
        "api-performance-review",
    ),
    (
        "performance-review-actions",
        "suppliers.api.performance_reviews.ReviewActionViewSet",
        "api-performance-review-action",
    ),
    ("agreements", "suppliers.api.agreements.AgreementViewSet", "api-agreement"),
]


def _supplier(record) -> dict:
    return {"pk": record.supplier_id}


def _agreement(record) -> dict:
    return {"pk": record.agreement_id}


def _review(record) -> dict:
    return {"pk": record.review_id}


def _template(record) -> dict:
    return {"pk": record.template_id}


def _request(record) -> dict:
    return {"pk": record.request_id}


def _no_arguments(record) -> dict:
    return {}


# How the audit trail names and links the suppliers' records (model, page, its arguments,
# name, relations the name reads). A record shown on another's page links to that page.
RECORD_PAGES = [
    ext.RecordPage("suppliers.supplier", "suppliers:supplier_detail", select_related=("party",)),
    ext.RecordPage("suppliers.categorysourcing", "suppliers:continuity", _no_arguments),
    ext.RecordPage("suppliers.contingencyplan", "suppliers:contingency_plan_edit"),
    ext.RecordPage(
        "suppliers.supplierspend",
        "suppliers:spend_edit",
        name=lambda record: f"Spend with {record.supplier.code} in {record}",
        select_related=("supplier",),
    ),
    ext.RecordPage(
        "suppliers.suppliertransition",
        "suppliers:supplier_detail",
        _supplier,
        name=lambda record: f"{record.supplier}: {record}",
        select_related=("supplier__party",),
    ),
    ext.RecordPage(
        "suppliers.certificate",
        "suppliers:supplier_detail",
        _supplier,
        name=lambda record: f"{record} of {record.supplier}",
        select_related=("supplier__party",),
    ),
    ext.RecordPage(
        "suppliers.profilechange",
        "suppliers:supplier_detail",
        _supplier,
        name=lambda record: f"{record} ({record.supplier})",
        select_related=("supplier__party",),
    ),
    ext.RecordPage("suppliers.delivery", "suppliers:delivery_detail"),
    ext.RecordPage("suppliers.agreement", "suppliers:agreement_detail"),
    ext.RecordPage("suppliers.servicelevel", "suppliers:agreement_detail", _agreement),
    ext.RecordPage("suppliers.dispute", "suppliers:agreement_detail", _agreement),
    ext.RecordPage(
        "suppliers.performancereview",
        "suppliers:performance_review_detail",
        name=lambda record: f"{record} with {record.supplier}",
        select_related=("supplier__party",),
    ),
    ext.RecordPage(
        "suppliers.performancereviewmember",
        "suppliers:performance_review_detail",
        _review,
        name=lambda record: f"{record.user} at the {str(record.review).lower()}",
        select_related=("user", "review"),
    ),
    ext.RecordPage(
        "suppliers.performancereviewcontact",
        "suppliers:performance_review_detail",
        _review,
        name=lambda record: f"{record.contact} at the {str(record.review).lower()}",
        select_related=("contact", "review"),
    ),
    ext.RecordPage("suppliers.reviewaction", "suppliers:performance_review_detail", _review),
    ext.RecordPage("suppliers.questionnairetemplate", "suppliers:questionnaire_template_detail"),
    ext.RecordPage(
        "suppliers.questionnairesection", "suppliers:questionnaire_template_detail", _template
    ),
    ext.RecordPage("suppliers.question", "suppliers:questionnaire_template_detail", _template),
    ext.RecordPage(
        "suppliers.questionnairerequest",
        "suppliers:questionnaire_detail",
        select_related=("template", "supplier"),
    ),
    ext.RecordPage(
        "suppliers.questionnaireanswer",
        "suppliers:questionnaire_detail",
        _request,
        name=lambda record: f"Answer to “{record.question}”",
        select_related=("question",),
    ),
    ext.RecordPage(
        "suppliers.questionnaireevent",
        "suppliers:questionnaire_detail",
        _request,
        name=lambda record: f"{record}: {record.request}",
        select_related=("request__template", "request__supplier"),
    ),
    ext.RecordPage(
        "suppliers.reevaluation",
        "suppliers:reevaluation_detail",
        name=lambda record: f"{record.supplier}: {record}",
        select_related=("supplier__party",),
    ),
    ext.RecordPage("suppliers.supplierrequest", "suppliers:request_detail"),
    ext.RecordPage(
        "suppliers.scorecarddefinition", "suppliers:scorecard_definition", _no_arguments
    ),
    ext.RecordPage("suppliers.scorecardcriterion", "suppliers:scorecard_definition", _no_arguments),
    ext.RecordPage(
        "suppliers.manualrating",
        "suppliers:supplier_scorecard",
        _supplier,
        name=lambda record: f"{record.supplier}: {record}",
        select_related=("supplier__party",),
    ),
    ext.RecordPage(
        "suppliers.suspensionproposal",
        "suppliers:supplier_scorecard",
        _supplier,
        name=lambda record: f"Proposal to suspend {record.supplier} ({record.period_start:%b %Y})",
        select_related=("supplier__party",),
    ),
]


def _portal_overview(request) -> dict:
    from suppliers.selectors.portal import portal_overview

    return portal_overview(
        organization=request.organization,
        supplier=request.membership.supplier,
        user=request.user,
    )


def _party_supplier_links(request, party) -> list[tuple[str, str, str]]:
    """A party's page links to its supplier record (one per party, if any)."""
    from suppliers.selectors import register as register_selectors

    supplier = (
        register_selectors.suppliers(organization=request.organization).filter(party=party).first()
    )
    if supplier is None:
        return []
    url = reverse(
        "suppliers:supplier_detail",
        kwargs={"org_slug": request.organization.slug, "pk": supplier.pk},
    )
    return [
        (
            "Supplier record",
            f"{supplier.code} · {supplier.get_status_display()} (approval, certificates, "
            "scorecard)",
            url,
        )
    ]


def _portal_users_changed(*, organization, supplier_ids) -> None:
    from suppliers.services.portal import portal_users_changed

    portal_users_changed(organization=organization, supplier_ids=supplier_ids)


# The imports the worker writes once confirmed (relmgmt.core.import_jobs).
IMPORT_KINDS = [
    ext.ImportKindPath("deliveries", "suppliers.services.deliveries.IMPORT"),
    ext.ImportKindPath("history", "suppliers.services.history.IMPORT"),
    ext.ImportKindPath("supplier_spend", "suppliers.services.spend.IMPORT"),
]


def _continuity_risks(request) -> dict:
    from relmgmt.core.dates import organization_today
    from relmgmt.core.remembered import remembered
    from suppliers.selectors.continuity import continuity
    from suppliers.selectors.spend import single_source_share

    organization = request.organization
    # Suppliers, spend, arrangements and plans are audited records, and the spend leads are
    # of the years before this one: kept while the trail stays, for this year.
    rows = remembered(
        "continuity-at-risk",
        organization,
        lambda: [row for row in continuity(organization=organization) if row.at_risk],
        moment=str(organization_today(organization).year),
    )
    return {
        "continuity_at_risk": rows,
        "continuity_share": single_source_share(request.organization),
        "continuity_url": reverse(
            "suppliers:continuity", kwargs={"org_slug": request.organization.slug}
        ),
    }


def register() -> None:
    for entry in IMPORT_KINDS:
        ext.import_kinds.register(entry)
    from suppliers.services.erasure import profile_changes_erase

    ext.personal_data.register(
        ext.PersonalData(
            "suppliers.profile_changes",
            ("suppliers.ProfileChange.proposed", "suppliers.ProfileChange.comment"),
            profile_changes_erase,
        )
    )
    from suppliers.organization_settings import (
        ApprovalWithoutCertificate,
        RequiredCertificates,
        SingleSourceShare,
        SupplierSchedule,
    )

    ext.organization_urls.register(ext.UrlModule("suppliers.urls"))
    ext.portal_urls.register(ext.UrlModule("suppliers.urls.portal"))
    ext.portal_api_urls.register(ext.UrlModule("suppliers.api.portal.urls"))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=200 + order))
    ext.navigation.register(
        ext.NavEntry("suppliers", "Suppliers", "suppliers:supplier_list", "records.view", 20)
    )
    for order, (key, label, url_name) in enumerate(PORTAL_TABS):
        ext.portal_tabs.register(ext.PortalTab(key, label, url_name, order=10 * (order + 1)))
    ext.portal_panels.register(
        ext.Tile(
            "suppliers",
            "suppliers/portal_overview.html",
            "portal.use",
            context=_portal_overview,
        )
    )
    ext.risk_register_panels.register(
        ext.Tile(
            "suppliers.continuity",
            "suppliers/continuity/risk_panel.html",
            "records.view",
            context=_continuity_risks,
        )
    )
    ext.settings_sections.register(RequiredCertificates())
    ext.settings_sections.register(ApprovalWithoutCertificate())
    ext.settings_sections.register(SupplierSchedule())
    ext.settings_sections.register(SingleSourceShare())
    ext.portal_users_changed.register(ext.Listener("suppliers", _portal_users_changed))
    for entry in RECORD_PAGES:
        ext.record_pages.register(entry)
    ext.record_links.register(
        ext.RecordLink("suppliers.party_supplier", "parties.party", _party_supplier_links)
    )
    ext.periodic_tasks.register(
        ext.PeriodicTask(
            "recalculate-scorecards",
            "suppliers.tasks_scorecards.dispatch_scorecard_recalculation",
            crontab(hour=2, minute=41),
        )
    )
