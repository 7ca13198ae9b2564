"""The customer figures page and its exports (the same filters as the API)."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from customers.filters.revenue import figures_from_query
from customers.selectors.figures import Figures
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.exports import FORMATS, table
from relmgmt.core.files import attachment_response
from relmgmt.tenancy.selectors import member_users

HEADERS = [
    "Segment",
    "Period",
    "Customers at start",
    "Active",
    "New",
    "Won back",
    "Lost",
    "Retained",
    "Retention rate (%)",
    "Churn rate (%)",
    "Revenue",
    "Revenue per account",
    "Share of wallet (%)",
    "Margin per account",
]
CHART_HEIGHT = 120


def segment_names(request, figures: Figures, segment: str) -> dict:
    if segment == "owner":
        users = member_users(organization=request.organization)
        names = {user.pk: str(user) for user in users}
        return {key: names.get(key, "No owner") for key in figures.segments}
    return {key: (str(key).title() if key else "All customers") for key in figures.segments}


def table_rows(figures: Figures, names: dict) -> list[list]:
    return [
        [
            names.get(row.segment, row.segment),
            row.period.label,
            row.at_start,
            row.active,
            row.new,
            row.won_back,
            row.lost,
            row.retained,
            row.retention_rate,
            row.churn_rate,
            row.revenue,
            row.revenue_per_account,
            row.share_of_wallet,
            row.margin_per_account,
        ]
        for row in figures.rows
    ]


def _chart(figures: Figures, segment_key) -> list[dict]:
    """Bars of the active customers and the retention rate per period, as SVG attributes."""
    rows = figures.segment_rows(segment_key)
    top = max((row.active for row in rows), default=0) or 1
    bars = []
    for position, row in enumerate(rows):
        height = round(CHART_HEIGHT * row.active / top)
        retention = row.retention_rate
        bars.append(
            {
                "x": position * 40 + 10,
                "y": CHART_HEIGHT - height,
                "height": height,
                "label": row.period.label,
                "active": row.active,
                "retention_y": None
                if retention is None
                else round(CHART_HEIGHT - CHART_HEIGHT * retention / 100),
            }
        )
    return bars


@org_view(read="records.view")
def figures_page(request):
    figures, form, segments = figures_from_query(request, request.GET)
    context = {
        "form": form,
        "segments": segments,
        "figures": figures,
        "can_change": policy.can(request.membership, "records.change"),
    }
    if figures is not None:
        names = segment_names(request, figures, form.cleaned_data["segment"])
        context.update(
            rows=table_rows(figures, names),
            headers=HEADERS,
            charts=[
                {
                    "name": names.get(key, key),
                    "bars": _chart(figures, key),
                    "width": 40 * len(figures.periods) + 20,
                    "lifetime": figures.lifetime(key),
                }
                for key in figures.segments
            ],
            query=request.GET.urlencode(),
        )
    return render(request, "customers/figures.html", context)


@org_view(read="records.view")
def figures_export(request, fmt):
    if fmt not in FORMATS:
        raise Http404
    figures, form, _segments = figures_from_query(request, request.GET)
    if figures is None:
        raise Http404
    names = segment_names(request, figures, form.cleaned_data["segment"])
    content = table(HEADERS, table_rows(figures, names), fmt, "Customer figures")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"customer-figures-{request.organization.slug}-{stamp}.{fmt}"
    return attachment_response(content, filename=filename, content_type=FORMATS[fmt])
