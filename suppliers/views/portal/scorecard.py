"""The supplier's own scorecard in the portal: scores, trend and the inputs behind them.
Nothing of the buyer's internal side: no rating notes, no proposals, no change causes."""

from django.shortcuts import render

from relmgmt.core.access import org_view
from suppliers.selectors import scorecards as selectors
from suppliers.views.scorecards.chart import trend_chart


@org_view(read="portal.use")
def portal_scorecard(request):
    supplier = request.membership.supplier
    scorecard = selectors.supplier_scorecard(
        organization=request.organization,
        supplier=supplier,
        include_changes=False,
        include_ratings=False,
    )
    context = {
        "supplier": supplier,
        "scorecard": scorecard,
        "chart": trend_chart(scorecard.periods[::-1], scorecard.definition)
        if scorecard.definition
        else None,
        "portal_section": "scorecard",
    }
    return render(request, "portal/scorecard.html", context)
