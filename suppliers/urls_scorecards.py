from django.urls import path

from suppliers.views import scorecards

urlpatterns = [
    path("suppliers/scorecards/", scorecards.scorecard_overview, name="scorecard_overview"),
    path(
        "suppliers/scorecards/definition/",
        scorecards.scorecard_definition,
        name="scorecard_definition",
    ),
    path("suppliers/scorecards/recompute/", scorecards.recompute, name="scorecard_recompute"),
    path("suppliers/scorecards/jobs/<int:pk>/", scorecards.recompute_job, name="scorecard_job"),
    path("suppliers/scorecards/proposals/", scorecards.proposal_list, name="scorecard_proposals"),
    path(
        "suppliers/scorecards/proposals/<int:pk>/decide/",
        scorecards.proposal_decide,
        name="scorecard_proposal_decide",
    ),
    path("suppliers/<int:pk>/scorecard/", scorecards.supplier_scorecard, name="supplier_scorecard"),
    path("suppliers/<int:pk>/scorecard/rate/", scorecards.manual_rating, name="manual_rating"),
]
