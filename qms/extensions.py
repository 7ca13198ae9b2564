"""What the quality management system app (quality objectives, the management review and
the evidence by clause, ISO 9001 6.2, 9.3) adds to the platform
(``relmgmt.core.extensions``), registered from ``QmsConfig.ready()``.

It sits above every app, so it also registers the KPIs and the management review's inputs
it reads from the apps below it (``qms.kpis``, ``qms.review_inputs``). An app above them
(corrective actions) registers its own KPIs and review inputs; a review input registered
under a key of ours before we register ours replaces our hand-entered section."""

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("quality-objectives", "qms.api.objectives.QualityObjectiveViewSet", "api-quality-objective"),
    ("management-reviews", "qms.api.reviews.ManagementReviewViewSet", "api-management-review"),
    (
        "management-review-actions",
        "qms.api.reviews.ManagementReviewActionViewSet",
        "api-management-review-action",
    ),
    ("packs", "qms.api.packs.PackJobViewSet", "api-pack"),
]

RECORD_PAGES = [
    ext.RecordPage("qms.qualityobjective", "qms:objective_edit"),
    ext.RecordPage("qms.managementreview", "qms:review_detail"),
    ext.RecordPage(
        "qms.managementreviewaction",
        "qms:review_detail",
        lambda record: {"pk": record.review_id},
        name=lambda record: f"{record.review}: {record}",
        select_related=("review",),
    ),
    ext.RecordPage(
        "qms.packaccess",
        "qms:pack_job",
        lambda record: {"pk": record.job_id},
        select_related=("job",),
    ),
]


def _kpis() -> list[ext.Kpi]:
    from qms.kpis import feedback, parties, suppliers

    return [
        ext.Kpi("nps", "NPS", note="last 90 days", measure=feedback.nps,
                current=feedback.survey_results_reading(feedback.nps), order=10),
        ext.Kpi("csat", "CSAT", note="last 90 days", measure=feedback.csat, unit="%",
                current=feedback.survey_results_reading(feedback.csat), order=20),
        ext.Kpi("complaints_open", "Complaints open",
                current=feedback.complaints_open, better="lower", order=25),
        ext.Kpi("complaints_past_service_level", "Complaints past their service level",
                current=feedback.complaints_past_service_level, better="lower", live=True,
                order=30),
        ext.Kpi("complaints_within_service_level", "Complaints resolved within service level",
                measure=feedback.complaints_within_service_level, unit="%", order=40),
        ext.Kpi("otif", "OTIF, all suppliers", measure=suppliers.otif, unit="%",
                current=suppliers.deliveries_of_the_month(suppliers.otif), order=50),
        ext.Kpi("ppm", "PPM, all suppliers", measure=suppliers.ppm, better="lower",
                current=suppliers.deliveries_of_the_month(suppliers.ppm), order=60),
        ext.Kpi("suppliers_poor", "Suppliers standing poor",
                current=suppliers.suppliers_in_standing(suppliers.POOR), better="lower",
                order=70),
        ext.Kpi("suppliers_needs_improvement", "Suppliers needing improvement",
                current=suppliers.suppliers_in_standing(suppliers.NEEDS_IMPROVEMENT),
                better="lower", order=71),
        ext.Kpi("certificates_expiring", "Certificates expired or expiring in 30 days",
                current=suppliers.certificates_expiring, better="lower", order=80),
        ext.Kpi("parties_overdue_review", "Parties overdue for review",
                current=parties.parties_overdue_for_review, better="lower", order=90),
    ]  # fmt: skip


def _home(request) -> dict:
    from qms.selectors import agenda, kpis, objectives
    from relmgmt import policy
    from relmgmt.core.dates import organization_today

    organization = request.organization
    context: dict = {
        "evidence_first": request.membership.role == policy.Role.AUDITOR,
        "today": organization_today(organization),
    }
    if policy.can(request.membership, "records.change"):
        found = agenda.agenda(organization=organization, user=request.user)
        context["agenda"] = list(found[: agenda.LIMIT])
    context["kpi_tiles"] = kpis.home_tiles(request)
    context["objectives"] = objectives.current_statuses(organization=organization)
    return context


def register() -> None:
    from celery.schedules import crontab

    # reminder_kinds registers the kind of reminder
    from qms import evidence, evidence_files, reminder_kinds  # noqa: F401
    from qms.review_inputs import INPUTS

    ext.organization_urls.register(ext.UrlModule("qms.urls"))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=600 + order))
    ext.navigation.register(
        ext.NavEntry("objectives", "Objectives", "qms:objective_list", "records.view", 60)
    )
    ext.navigation.register(
        ext.NavEntry("reviews", "Management review", "qms:review_list", "records.view", 61)
    )
    ext.navigation.register(
        ext.NavEntry("evidence", "Evidence", "qms:evidence", "records.view", 62)
    )
    ext.home_panels.register(
        ext.Tile("qms", "qms/home_panel.html", "records.view", context=_home, order=10)
    )
    for kpi in _kpis():
        ext.kpis.register(kpi)
    for entry in INPUTS:
        if ext.review_inputs.get(entry.key) is None:
            ext.review_inputs.register(entry)
    evidence.register_links()
    evidence_files.register_files()
    ext.periodic_tasks.register(
        ext.PeriodicTask(
            "expire-packs", "qms.tasks.dispatch_pack_expiry", crontab(hour=3, minute=41)
        )
    )
    for page in RECORD_PAGES:
        ext.record_pages.register(page)
