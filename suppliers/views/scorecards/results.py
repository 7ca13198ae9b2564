"""The scorecard results page: every supplier's score per period, filtered and sorted, and
its export. Thin."""

from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.scorecards import ScorecardResultListFilter
from suppliers.models.periods import period_label
from suppliers.models.scorecards import Standing
from suppliers.selectors import scorecards as scorecard_selectors

STANDING_LABELS = dict(Standing.choices)


def _standing(result) -> str:
    return STANDING_LABELS.get(result.standing) or "No data"


def _period(result) -> str:
    return period_label(result.period_start, result.definition.period)


# The scorecard results and their export.
RESULT_EXPORT = ListExport(
    name="scorecard-results",
    sheet="Scorecard results",
    filterset=ScorecardResultListFilter,
    queryset=scorecard_selectors.result_list,
    columns=[
        Column("Period", _period),
        Column("Period start", lambda result: result.period_start),
        Column("Code", lambda result: result.supplier.code),
        Column("Supplier", lambda result: result.supplier.party.name),
        Column("Score", lambda result: result.score),
        Column("Standing", _standing),
        Column("Previous score", lambda result: result.previous_score),
        Column("Deliveries", lambda result: result.delivery_count),
        Column("On time in full", lambda result: result.on_time_in_full_count),
        Column("Late", lambda result: result.late_count),
        Column("Quantity received", lambda result: result.quantity_received),
        Column("Quantity rejected", lambda result: result.quantity_rejected),
        Column("Manual ratings", lambda result: result.rating_count),
        Column("Questionnaires", lambda result: result.questionnaire_count),
        Column("Definition version", lambda result: result.definition.version),
    ],
)
result_export = export_view(RESULT_EXPORT)


@org_view(read="records.view")
def result_list(request):
    found = RESULT_EXPORT.filter(request)
    page = paginate(request, found.qs)
    for result in page.object_list:
        result.period_text = _period(result)
        result.standing_text = _standing(result)
    context = {"filter": found, "page": page}
    return render_page_or_fragment(
        request, "suppliers/scorecards/result_list.html", "results", context
    )
