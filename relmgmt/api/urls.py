from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from parties import api as parties_api
from parties import api_contacts, api_plans
from parties import api_reviews as parties_reviews_api
from relmgmt.api import views
from suppliers.api import agreements as agreement_api
from suppliers.api import approval as approval_api
from suppliers.api import certificates as certificate_api
from suppliers.api import deliveries as delivery_api
from suppliers.api import performance_reviews as performance_review_api
from suppliers.api import questionnaires as questionnaire_api
from suppliers.api import reevaluations as reevaluation_api
from suppliers.api import register as register_api
from suppliers.api import requests as request_api
from suppliers.api import scorecards as scorecard_api
from suppliers.api.portal import buyer as portal_buyer_api

router = SimpleRouter()
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("audit-events", views.AuditEventViewSet, basename="api-audit-event")
router.register("parties", parties_api.PartyViewSet, basename="api-party")
router.register("needs", parties_api.NeedViewSet, basename="api-need")
router.register("contacts", api_contacts.ContactViewSet, basename="api-contact")
router.register("interactions", api_contacts.InteractionViewSet, basename="api-interaction")
router.register("follow-ups", api_contacts.FollowUpViewSet, basename="api-follow-up")
router.register("reviews", parties_reviews_api.ReviewViewSet, basename="api-review")
router.register("reviews-due", parties_reviews_api.ReviewDueViewSet, basename="api-review-due")
router.register("risks", parties_reviews_api.RiskViewSet, basename="api-risk")
router.register("plans", api_plans.PlanViewSet, basename="api-plan")
router.register("plan-sections", api_plans.PlanSectionViewSet, basename="api-plan-section")
router.register("suppliers", register_api.SupplierViewSet, basename="api-supplier")
router.register("deliveries", delivery_api.DeliveryViewSet, basename="api-delivery")
router.register(
    "approved-suppliers", approval_api.ApprovedSupplierViewSet, basename="api-approved-supplier"
)
router.register("certificates", certificate_api.CertificateViewSet, basename="api-certificate")
router.register(
    "questionnaire-templates",
    questionnaire_api.QuestionnaireTemplateViewSet,
    basename="api-questionnaire-template",
)
router.register(
    "questionnaires", questionnaire_api.QuestionnaireRequestViewSet, basename="api-questionnaire"
)
router.register(
    "scorecard-definitions", scorecard_api.DefinitionViewSet, basename="api-scorecard-definition"
)
router.register("scorecard-results", scorecard_api.ResultViewSet, basename="api-scorecard-result")
router.register("manual-ratings", scorecard_api.ManualRatingViewSet, basename="api-manual-rating")
router.register(
    "suspension-proposals", scorecard_api.ProposalViewSet, basename="api-suspension-proposal"
)
router.register("scorecard-jobs", scorecard_api.JobViewSet, basename="api-scorecard-job")
router.register(
    "supplier-requests", request_api.SupplierRequestViewSet, basename="api-supplier-request"
)
router.register(
    "profile-changes", portal_buyer_api.ProfileChangeViewSet, basename="api-profile-change"
)
router.register("reevaluations", reevaluation_api.ReEvaluationViewSet, basename="api-reevaluation")
router.register(
    "reevaluations-due",
    reevaluation_api.ReEvaluationDueViewSet,
    basename="api-reevaluation-due",
)
router.register(
    "performance-reviews",
    performance_review_api.PerformanceReviewViewSet,
    basename="api-performance-review",
)
router.register(
    "performance-review-actions",
    performance_review_api.ReviewActionViewSet,
    basename="api-performance-review-action",
)
router.register("agreements", agreement_api.AgreementViewSet, basename="api-agreement")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/o/<slug:org_slug>/", views.OrganizationView.as_view(), name="api-organization"),
    path("api/v1/o/<slug:org_slug>/", include(router.urls)),
    # The supplier portal, for portal users of a supplier (suppliers/api/portal/).
    path("api/v1/portal/<slug:org_slug>/", include("suppliers.api.portal.urls")),
]
