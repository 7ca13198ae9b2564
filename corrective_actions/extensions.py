"""What the corrective actions app (nonconformities, corrective actions and supplier 8D,
ISO 9001 8.7 and 10.2) adds to the platform (``relmgmt.core.extensions``), registered from
``CorrectiveActionsConfig.ready()``: also its KPIs, its section of the management review
and its evidence for clauses 8.7 and 10.2, which the quality management system reads."""

from django.urls import reverse

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("nonconformities", "corrective_actions.api.nonconformities.NonconformityViewSet", "api-nc"),
    (
        "corrective-actions",
        "corrective_actions.api.corrective_actions.CorrectiveActionViewSet",
        "api-ca",
    ),
    ("corrective-action-whys", "corrective_actions.api.root_cause.WhyStepViewSet", "api-ca-why"),
    (
        "corrective-action-causes",
        "corrective_actions.api.root_cause.FishboneCauseViewSet",
        "api-ca-cause",
    ),
    ("supplier-8d", "corrective_actions.api.scars.ScarViewSet", "api-scar"),
]


def _nc(record) -> dict:
    return {"pk": record.nonconformity_id}


def _ca(record) -> dict:
    return {"pk": record.corrective_action_id}


def _scar(record) -> dict:
    return {"pk": record.scar_id}


def _none(record) -> dict:
    return {}


# How the audit trail names these records and links to their pages.
RECORD_PAGES = [
    ext.RecordPage("corrective_actions.nonconformity", "corrective_actions:nc_detail"),
    ext.RecordPage(
        "corrective_actions.nonconformityattachment",
        "corrective_actions:nc_detail",
        _nc,
        name=lambda record: f"{record} ({record.nonconformity})",
        select_related=("nonconformity",),
    ),
    ext.RecordPage(
        "corrective_actions.nonconformityevent",
        "corrective_actions:nc_detail",
        _nc,
        name=lambda record: f"{record.nonconformity}: {record}",
        select_related=("nonconformity",),
    ),
    ext.RecordPage("corrective_actions.correctiveaction", "corrective_actions:ca_detail"),
    ext.RecordPage(
        "corrective_actions.actionstep",
        "corrective_actions:ca_detail",
        _ca,
        name=lambda record: f"{record.corrective_action}: {record}",
        select_related=("corrective_action",),
    ),
    ext.RecordPage(
        "corrective_actions.correctiveactionattachment",
        "corrective_actions:ca_detail",
        _ca,
        name=lambda record: f"{record} ({record.corrective_action})",
        select_related=("corrective_action",),
    ),
    ext.RecordPage(
        "corrective_actions.correctiveactionevent",
        "corrective_actions:ca_detail",
        _ca,
        name=lambda record: f"{record.corrective_action}: {record}",
        select_related=("corrective_action",),
    ),
    ext.RecordPage("corrective_actions.suppliercorrectiveaction", "corrective_actions:scar_detail"),
    ext.RecordPage(
        "corrective_actions.scarstep",
        "corrective_actions:scar_detail",
        _scar,
        name=lambda record: f"{record.scar}: {record.code}",
        select_related=("scar",),
    ),
    ext.RecordPage(
        "corrective_actions.scarattachment",
        "corrective_actions:scar_detail",
        _scar,
        name=lambda record: f"{record} ({record.scar})",
        select_related=("scar",),
    ),
    ext.RecordPage(
        "corrective_actions.scarevent",
        "corrective_actions:scar_detail",
        _scar,
        name=lambda record: f"{record.scar}: {record}",
        select_related=("scar",),
    ),
    # An analysis, its whys and causes are shown on the record that uses it (a corrective
    # action, later an 8D); the trail links them to the corrective actions.
    ext.RecordPage("corrective_actions.rootcauseanalysis", "corrective_actions:ca_list", _none),
    ext.RecordPage(
        "corrective_actions.whystep",
        "corrective_actions:ca_list",
        _none,
        name=lambda record: f"{record}: {record.why[:60]}",
    ),
    ext.RecordPage(
        "corrective_actions.fishbonecause",
        "corrective_actions:ca_list",
        _none,
        name=lambda record: f"Fishbone cause: {record.cause[:60]}",
    ),
]


def _tile(request) -> dict:
    from corrective_actions.selectors import corrective_actions as ca_selectors
    from corrective_actions.selectors import nonconformities as nc_selectors
    from relmgmt.core.dates import organization_today
    from relmgmt.core.remembered import remembered

    organization = request.organization

    def counts() -> dict:
        return {
            "nonconformities_open": nc_selectors.open_count(organization=organization),
            **ca_selectors.open_counts(organization=organization),
        }

    # What is overdue moves with the day, the rest with the records.
    return remembered("ca-home", organization, counts, moment=str(organization_today(organization)))


def _delivery_links(request, delivery) -> list[tuple[str, str, str]]:
    """On a delivery's page: its nonconformities, or the one click that opens one when
    something was rejected."""
    from corrective_actions.selectors.nonconformities import of_delivery
    from relmgmt.policy import can

    slug = request.organization.slug
    found = of_delivery(organization=request.organization, delivery_id=delivery.pk)
    links = [
        (
            "Nonconformity",
            f"{nc.reference} ({nc.get_state_display().lower()})",
            reverse("corrective_actions:nc_detail", kwargs={"org_slug": slug, "pk": nc.pk}),
        )
        for nc in found
    ]
    from corrective_actions.selectors.scars import of_delivery as scars_of_delivery

    links += [
        (
            "Supplier 8D",
            f"{scar.reference} ({scar.get_state_display().lower()}, D{scar.current_step})",
            reverse("corrective_actions:scar_detail", kwargs={"org_slug": slug, "pk": scar.pk}),
        )
        for scar in scars_of_delivery(organization=request.organization, delivery_id=delivery.pk)
    ]
    if delivery.quantity_rejected and can(request.membership, "records.change"):
        links.append(
            (
                "Supplier 8D",
                "Ask the supplier for an 8D on the rejection",
                reverse(
                    "corrective_actions:scar_from_delivery",
                    kwargs={"org_slug": slug, "pk": delivery.pk},
                ),
            )
        )
    if not found and delivery.quantity_rejected and can(request.membership, "records.change"):
        links.append(
            (
                "Nonconformity",
                "Open a nonconformity for the rejection",
                reverse(
                    "corrective_actions:nc_from_delivery",
                    kwargs={"org_slug": slug, "pk": delivery.pk},
                ),
            )
        )
    return links


def _supplier_links(request, supplier) -> list[tuple[str, str, str]]:
    """On a supplier's page: its 8Ds not yet ended (answered step by step, or awaiting
    their effectiveness check or closure), and issuing one (for a poor scorecard standing,
    say)."""
    from corrective_actions.selectors.scars import not_ended_of_supplier
    from relmgmt.policy import can

    slug = request.organization.slug
    found = not_ended_of_supplier(organization=request.organization, supplier_id=supplier.pk)
    links = [
        (
            "Supplier 8D",
            f"{scar['reference']} ({_scar_standing(scar)})",
            reverse("corrective_actions:scar_detail", kwargs={"org_slug": slug, "pk": scar["pk"]}),
        )
        for scar in found
    ]
    if can(request.membership, "records.change"):
        url = reverse("corrective_actions:scar_create", kwargs={"org_slug": slug})
        links.append(
            ("Supplier 8D", "Ask for an 8D", f"{url}?supplier={supplier.pk}&from=scorecard")
        )
    return links


def _scar_standing(scar: dict) -> str:
    from corrective_actions.models.scars import ScarState

    if scar["state"] != ScarState.OPEN:
        return ScarState(scar["state"]).label.lower()
    return f"D{scar['current_step']}{', overdue' if scar['overdue'] else ''}"


def _complaint_links(request, complaint) -> list[tuple[str, str, str]]:
    from corrective_actions.selectors.nonconformities import of_complaint

    slug = request.organization.slug
    return [
        (
            "Nonconformity",
            nc.reference,
            reverse("corrective_actions:nc_detail", kwargs={"org_slug": slug, "pk": nc.pk}),
        )
        for nc in of_complaint(organization=request.organization, complaint_id=complaint.pk)
    ]


def _opened_from(request, found, query: str, text: str) -> list[tuple[str, str, str]]:
    """The corrective actions opened from a record, and the link that opens one more."""
    from relmgmt.policy import can

    slug = request.organization.slug
    links = [
        (
            "Corrective action",
            f"{ca.reference} ({ca.get_state_display().lower()})",
            reverse("corrective_actions:ca_detail", kwargs={"org_slug": slug, "pk": ca.pk}),
        )
        for ca in found
    ]
    if can(request.membership, "records.change"):
        url = reverse("corrective_actions:ca_create", kwargs={"org_slug": slug})
        links.append(("Corrective action", text, f"{url}?{query}"))
    return links


def _risk_links(request, risk) -> list[tuple[str, str, str]]:
    """On a risk or opportunity (6.1): the corrective actions opened from it."""
    from corrective_actions.selectors.sources import of_risk

    found = of_risk(organization=request.organization, risk_id=risk.pk)
    return _opened_from(request, found, f"risk={risk.pk}", "Open a corrective action from it")


def _survey_answer_links(request, response) -> list[tuple[str, str, str]]:
    """On a survey answer's closed loop: the corrective actions raised from it."""
    from corrective_actions.selectors.sources import of_survey_response

    found = of_survey_response(organization=request.organization, response_id=response.pk)
    return _opened_from(
        request, found, f"survey_answer={response.pk}", "Raise a corrective action from it"
    )


# The pages that answer ISO 9001 8.7 and 10.2 on the evidence by clause: the lists, their
# exports, and the closed corrective actions, each a click from its PDF.
EVIDENCE = [
    ("8.7", "Nonconformities", "corrective_actions:nc_list", (), ""),
    ("8.7", "Nonconformities (CSV)", "corrective_actions:nc_export", (("fmt", "csv"),), ""),
    ("8.7", "Nonconformities (XLSX)", "corrective_actions:nc_export", (("fmt", "xlsx"),), ""),
    ("10.2", "Corrective actions", "corrective_actions:ca_list", (), ""),
    ("10.2", "Corrective actions (CSV)", "corrective_actions:ca_export", (("fmt", "csv"),), ""),
    ("10.2", "Corrective actions (XLSX)", "corrective_actions:ca_export", (("fmt", "xlsx"),), ""),
    (
        "10.2",
        "Closed corrective actions, each with its PDF",
        "corrective_actions:ca_list",
        (),
        "state=closed",
    ),
]


def _evidence() -> list[ext.EvidenceLink]:
    return [
        ext.EvidenceLink(
            f"{clause}:{url_name}:{dict(kwargs).get('fmt', '')}{query}",
            clause,
            label,
            url_name,
            order=500 + order,
            kwargs=kwargs,
            query=query,
        )
        for order, (clause, label, url_name, kwargs, query) in enumerate(EVIDENCE)
    ]


def _response_facts(connection, organization_id: int) -> tuple[str, list]:
    from corrective_actions.selectors.scars import response_facts_sql

    return response_facts_sql(connection, organization_id)


def _replaced_requests(connection, organization_id: int) -> tuple[str, list]:
    from corrective_actions.selectors.scars import replaced_requests_sql

    return replaced_requests_sql(connection, organization_id)


def register() -> None:
    from corrective_actions import kpis, review_inputs
    from corrective_actions.organization_settings import CorrectiveActionSettings

    ext.organization_urls.register(ext.UrlModule("corrective_actions.urls"))
    ext.portal_urls.register(ext.UrlModule("corrective_actions.urls.portal"))
    ext.portal_api_urls.register(ext.UrlModule("corrective_actions.api.portal_urls"))
    ext.portal_tabs.register(ext.PortalTab("scars", "8D reports", "portal:scar_list", order=55))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=400 + order))
    ext.navigation.register(
        ext.NavEntry(
            "nonconformities",
            "Nonconformities",
            "corrective_actions:nc_list",
            "records.view",
            50,
        )
    )
    ext.navigation.register(
        ext.NavEntry(
            "corrective_actions",
            "Corrective actions",
            "corrective_actions:ca_list",
            "records.view",
            51,
        )
    )
    ext.navigation.register(
        ext.NavEntry(
            "supplier_8d", "Supplier 8D", "corrective_actions:scar_list", "records.view", 52
        )
    )
    ext.home_tiles.register(
        ext.Tile(
            "corrective_actions",
            "corrective_actions/home_tile.html",
            "records.view",
            context=_tile,
            order=50,
        )
    )
    ext.settings_sections.register(CorrectiveActionSettings())
    for entry in RECORD_PAGES:
        ext.record_pages.register(entry)
    ext.record_links.register(
        ext.RecordLink("corrective_actions.delivery", "suppliers.delivery", _delivery_links)
    )
    ext.record_links.register(
        ext.RecordLink("corrective_actions.complaint", "feedback.complaint", _complaint_links)
    )
    ext.record_links.register(
        ext.RecordLink("corrective_actions.risk", "parties.risk", _risk_links)
    )
    ext.record_links.register(
        ext.RecordLink(
            "corrective_actions.survey_answer", "feedback.surveyresponse", _survey_answer_links
        )
    )
    # Overdue steps' escalations made sure of, hourly (idempotent, one statement per zone).
    ext.periodic_tasks.register(
        ext.PeriodicTask(
            "escalate-overdue-ca-steps", "corrective_actions.tasks.escalate_overdue_steps", 3600.0
        )
    )
    ext.record_links.register(
        ext.RecordLink("corrective_actions.supplier_8d", "suppliers.supplier", _supplier_links)
    )
    for kpi in kpis.kpis():
        ext.kpis.register(kpi)
    ext.review_inputs.register(review_inputs.INPUT)
    # The steps of suppliers' 8Ds count in the scorecard's responsiveness.
    ext.supplier_response_facts.register(
        ext.ResponseFacts("scar_steps", _response_facts, _replaced_requests)
    )
    for link in _evidence():
        ext.evidence_links.register(link)
    from corrective_actions.evidence_files import FILES

    for entry in FILES:
        ext.evidence_files.register(entry)
