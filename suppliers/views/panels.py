"""The further panels of a supplier's page and of an agreement's. The supplier page shows
first what a quality manager needs (status, standing, certificates, open 8Ds), the
agreement's its terms, service levels and compliance; each panel below is read on its own
when it scrolls into view (htmx), or opens as a page of its own without JavaScript. Each
is a fixed handful of queries, whatever the record's history."""

from collections.abc import Callable
from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers

from relmgmt import policy
from relmgmt.core.access import org_view
from suppliers.selectors import agreements as agreement_selectors
from suppliers.selectors import approval as approval_selectors
from suppliers.selectors import continuity as continuity_selectors
from suppliers.selectors import governance as governance_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import approval


def _approval(request, supplier) -> dict:
    history = list(
        approval_selectors.transitions(organization=request.organization, supplier=supplier)
    )
    for transition in history:
        transition.signature_current = approval.signature_is_current(transition)
    return {
        "transitions": history,
        "can_transition": policy.can(request.membership, approval.TRANSITION_PERMISSION),
    }


def _standing(request, supplier) -> dict:
    return {
        "governance": governance_selectors.supplier_governance(
            organization=request.organization, supplier=supplier
        ),
        "can_decide": policy.can(request.membership, approval.TRANSITION_PERMISSION),
    }


def _requests(request, supplier) -> dict:
    return {
        "governance": governance_selectors.requests_and_reviews(
            organization=request.organization, supplier=supplier
        )
    }


def _continuity(request, supplier) -> dict:
    rows, plans = continuity_selectors.continuity_and_plans(organization=request.organization)
    return {
        "continuity": continuity_selectors.for_supplier(rows, supplier),
        "supplier_plans": [plan for plan in plans if plan.supplier_id == supplier.pk],
    }


def _nothing_more(request, supplier) -> dict:
    return {}


@dataclass(frozen=True)
class Panel:
    slug: str
    title: str
    context: Callable[..., dict]
    of: str = "supplier"

    @property
    def template(self) -> str:
        return f"suppliers/panels/{self.slug}.html"

    @property
    def url_name(self) -> str:
        return f"{self.of}_panel_{self.slug}"


PANELS = {
    panel.slug: panel
    for panel in (
        Panel("reminders", "Reminders", _nothing_more),
        Panel("standing", "What was done about its standing", _standing),
        Panel("requests", "Open requests and performance reviews", _requests),
        Panel("continuity", "Supply continuity", _continuity),
        Panel("approval", "Approval history", _approval),
        Panel("questionnaires", "Questionnaires", _nothing_more),
        Panel("portal", "Portal", _nothing_more),
        Panel("deliveries", "Deliveries", _nothing_more),
        Panel("reviews", "Re-evaluations and agreements", _nothing_more),
        Panel("history", "History", _nothing_more),
    )
}

AGREEMENT_PANELS = {
    panel.slug: panel
    for panel in (
        Panel("reminders", "Reminders", _nothing_more, of="agreement"),
        Panel("history", "History", _nothing_more, of="agreement"),
    )
}


def _respond(request, entry: Panel, page: str, context: dict):
    """Only the panel's fragment for htmx, else a page of its own."""
    htmx = getattr(request, "htmx", None)
    fragment = htmx and not htmx.history_restore_request and not htmx.boosted
    response = render(request, entry.template if fragment else page, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@org_view(read="records.view")
def supplier_panel(request, pk, panel):
    """One panel of the supplier's page."""
    entry = PANELS[panel]
    organization = request.organization
    supplier = get_object_or_404(register_selectors.suppliers(organization=organization), pk=pk)
    context = {
        "supplier": supplier,
        "party": supplier.party,
        "record": supplier,
        "panel": entry,
        "can_change": policy.can(request.membership, "records.change"),
        **entry.context(request, supplier),
    }
    return _respond(request, entry, "suppliers/panels/page.html", context)


@org_view(read="records.view")
def agreement_panel(request, pk, panel):
    entry = AGREEMENT_PANELS[panel]
    found = agreement_selectors.agreements(organization=request.organization)
    agreement = get_object_or_404(found, pk=pk)
    context = {"agreement": agreement, "record": agreement, "panel": entry}
    return _respond(request, entry, "suppliers/panels/agreement_page.html", context)
