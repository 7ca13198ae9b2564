"""The register overview: the power-interest grid, the risk heat map and the reviews due
per month, each with its table and a CSV download of that table."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse

from parties.models import Risk, Tier
from parties.pictures import (
    HIGH_FROM,
    IMPACT_HEADINGS,
    KIND_PLURALS,
    TIER_SHAPES,
    due_bars,
    heat_map,
    power_interest_grid,
)
from parties.selectors import overview as overview_selectors
from relmgmt.core.access import org_view
from relmgmt.core.csv import csv_response
from relmgmt.core.dates import organization_today


def _grid(request):
    organization = request.organization
    rows = overview_selectors.power_interest_points(organization=organization)

    def party_url(pk):
        return reverse("parties:party_detail", kwargs={"org_slug": organization.slug, "pk": pk})

    return power_interest_grid(rows, party_url)


def _heat_kind(request) -> str:
    kind = request.GET.get("kind")
    return kind if kind in Risk.Kind.values else Risk.Kind.RISK


def _heat_map(request):
    organization, kind = request.organization, _heat_kind(request)
    counts = overview_selectors.risk_counts(organization=organization, kind=kind)
    register = reverse("parties:risk_list", kwargs={"org_slug": organization.slug})

    def cell_url(likelihood, impact):
        query = {"kind": kind, "status": "open", "likelihood": likelihood, "impact": impact}
        return f"{register}?{urlencode(query)}"

    return heat_map(counts, kind, cell_url)


def _due_bars(request):
    organization = request.organization
    months = overview_selectors.reviews_due_by_month(
        organization=organization, today=organization_today(organization)
    )
    due_list = reverse("parties:review_due_list", kwargs={"org_slug": organization.slug})

    def month_url(month):
        query = {"review_due": "overdue"} if month.is_overdue else {"month": month.key}
        return f"{due_list}?{urlencode(query)}"

    return due_bars(months, month_url)


@org_view(read="records.view")
def overview(request):
    context = {
        "grid": _grid(request),
        "heat": _heat_map(request),
        "bars": _due_bars(request),
        "impact_headings": IMPACT_HEADINGS,
        "tiers": [(value, label, TIER_SHAPES[value]) for value, label in Tier.choices],
        "high_from": HIGH_FROM,
        "kinds": [(value, KIND_PLURALS[value].capitalize()) for value in Risk.Kind.values],
    }
    return render(request, "parties/overview.html", context)


@org_view(read="evidence.export")
def power_interest_csv(request):
    grid = _grid(request)
    return csv_response(
        name="power-interest",
        organization=request.organization,
        header=["party", "tier", "influence", "interest", "approach"],
        rows=(
            [point.name, point.tier_label, point.influence, point.interest, point.quadrant]
            for point in grid.rows
        ),
    )


@org_view(read="evidence.export")
def heat_map_csv(request):
    heat = _heat_map(request)
    return csv_response(
        name=f"{heat.kind}-heat-map",
        organization=request.organization,
        header=["likelihood", "impact", "rating", "band", f"open {heat.kind_plural}"],
        rows=(
            [cell["likelihood"], cell["impact"], cell["rating"], cell["band"], cell["count"]]
            for row in heat.table
            for cell in row["cells"]
        ),
    )


@org_view(read="evidence.export")
def reviews_due_csv(request):
    bars = _due_bars(request)
    return csv_response(
        name="reviews-due",
        organization=request.organization,
        header=["month", "reviews due"],
        rows=([bar["month"].key, bar["count"]] for bar in bars.bars),
    )
