"""The suppliers app's pages (namespace ``suppliers``), one module of routes per area. The
supplier portal's own pages are ``portal.urlpatterns``, included under /portal/<org_slug>/
(namespace ``portal``); the buyer's pages of the portal are ``portal.buyer_urlpatterns``."""

from suppliers.urls import (
    agreements,
    approval,
    certificates,
    continuity,
    deliveries,
    history,
    performance_reviews,
    portal,
    questionnaires,
    reevaluations,
    register,
    requests,
    scorecards,
    spend,
)

app_name = "suppliers"

urlpatterns = [
    *register.urlpatterns,
    *approval.urlpatterns,
    *certificates.urlpatterns,
    *continuity.urlpatterns,
    *spend.urlpatterns,
    *deliveries.urlpatterns,
    *history.urlpatterns,
    *questionnaires.urlpatterns,
    *scorecards.urlpatterns,
    *requests.urlpatterns,
    *portal.buyer_urlpatterns,
    *reevaluations.urlpatterns,
    *performance_reviews.urlpatterns,
    *agreements.urlpatterns,
]
