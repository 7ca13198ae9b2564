from django.urls import path

from suppliers.views.scorecards import pages as scorecard_pages

urlpatterns = [
    path("suppliers/scorecards/", scorecard_pages.scorecard_overview, name="scorecard_overview"),
    path(
        "suppliers/scorecards/definition/",
        scorecard_pages.scorecard_definition,
        name="scorecard_definition",
    ),
    path("suppliers/scorecards/recompute/", scorecard_pages.recompute, name="scorecard_recompute"),
    path(
        "suppliers/scorecards/jobs/<int:pk>/", scorecard_pages.recompute_job, name="scorecard_job"
    ),
    path(
        "suppliers/scorecards/proposals/", scorecard_pages.proposal_list, name="scorecard_proposals"
    ),
    path(
        "suppliers/scorecards/proposals/<int:pk>/decide/",
        scorecard_pages.proposal_decide,
        name="scorecard_proposal_decide",
    ),
    path(
        "suppliers/<int:pk>/scorecard/",
        scorecard_pages.supplier_scorecard,
        name="supplier_scorecard",
    ),
    path("suppliers/<int:pk>/scorecard/rate/", scorecard_pages.manual_rating, name="manual_rating"),
]
