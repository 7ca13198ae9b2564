from django.urls import path

from parties.views import overview, register, reviews, risks

app_name = "parties"

urlpatterns = [
    path("parties/", register.party_list, name="party_list"),
    path("parties/new/", register.party_create, name="party_create"),
    path("parties/<int:pk>/", register.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", register.party_edit, name="party_edit"),
    path("parties/<int:pk>/needs/new/", register.need_create, name="need_create"),
    path("needs/<int:pk>/edit/", register.need_edit, name="need_edit"),
    # Reviews, risks and opportunities, and the register overview
    path("parties/reviews/", reviews.review_list, name="review_list"),
    path("parties/reviews/due/", reviews.review_due_list, name="review_due_list"),
    path("parties/<int:pk>/reviews/new/", reviews.review_create, name="review_create"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="review_edit"),
    path("parties/risks/", risks.risk_list, name="risk_list"),
    path("parties/<int:pk>/risks/new/", risks.risk_create, name="risk_create"),
    path("risks/<int:pk>/edit/", risks.risk_edit, name="risk_edit"),
    path("parties/overview/", overview.overview, name="overview"),
    path(
        "parties/overview/power-interest.csv",
        overview.power_interest_csv,
        name="overview_power_interest_csv",
    ),
    path("parties/overview/heat-map.csv", overview.heat_map_csv, name="overview_heat_map_csv"),
    path(
        "parties/overview/reviews-due.csv",
        overview.reviews_due_csv,
        name="overview_reviews_due_csv",
    ),
]
