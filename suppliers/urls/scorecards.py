"""Pages of the supplier scorecards: the overview, the definition, recalculation, the
suspension proposals, and one supplier's scorecard and its manual ratings."""

from django.urls import path

from suppliers.views.scorecards import pages, results

urlpatterns = [
    path("suppliers/scorecards/", pages.scorecard_overview, name="scorecard_overview"),
    path(
        "suppliers/scorecards/definition/",
        pages.scorecard_definition,
        name="scorecard_definition",
    ),
    path("suppliers/scorecards/results/", results.result_list, name="scorecard_results"),
    path(
        "suppliers/scorecards/results/export.<str:fmt>",
        results.result_export,
        name="scorecard_result_export",
    ),
    path(
        "suppliers/scorecards/criteria/",
        pages.evaluation_criteria,
        name="evaluation_criteria",
    ),
    path("suppliers/scorecards/recompute/", pages.recompute, name="scorecard_recompute"),
    path("suppliers/scorecards/jobs/<int:pk>/", pages.recompute_job, name="scorecard_job"),
    path("suppliers/scorecards/proposals/", pages.proposal_list, name="scorecard_proposals"),
    path(
        "suppliers/scorecards/proposals/<int:pk>/decide/",
        pages.proposal_decide,
        name="scorecard_proposal_decide",
    ),
    path(
        "suppliers/<int:pk>/scorecard/",
        pages.supplier_scorecard,
        name="supplier_scorecard",
    ),
    path("suppliers/<int:pk>/scorecard/rate/", pages.manual_rating, name="manual_rating"),
]
