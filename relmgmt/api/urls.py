from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from parties.api import contacts as api_contacts
from parties.api import interactions as api_interactions
from parties.api import plans as api_plans
from parties.api import register as parties_api
from parties.api import reviews as parties_reviews_api
from parties.api import risks as api_risks
from relmgmt.api import views
from suppliers import api as suppliers_api
from suppliers import (
    api_agreements,
    api_certificates,
    api_deliveries,
    api_portal,
    api_questionnaires,
    api_reevaluations,
    api_scorecards,
)
from suppliers import api_reviews as suppliers_reviews_api

router = SimpleRouter()
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("audit-events", views.AuditEventViewSet, basename="api-audit-event")
router.register("parties", parties_api.PartyViewSet, basename="api-party")
router.register("needs", parties_api.NeedViewSet, basename="api-need")
router.register("contacts", api_contacts.ContactViewSet, basename="api-contact")
router.register("interactions", api_interactions.InteractionViewSet, basename="api-interaction")
router.register("follow-ups", api_interactions.FollowUpViewSet, basename="api-follow-up")
router.register("reviews", parties_reviews_api.ReviewViewSet, basename="api-review")
router.register("reviews-due", parties_reviews_api.ReviewDueViewSet, basename="api-review-due")
router.register("risks", api_risks.RiskViewSet, basename="api-risk")
router.register("plans", api_plans.PlanViewSet, basename="api-plan")
router.register("plan-sections", api_plans.PlanSectionViewSet, basename="api-plan-section")
router.register("suppliers", suppliers_api.SupplierViewSet, basename="api-supplier")
router.register("deliveries", api_deliveries.DeliveryViewSet, basename="api-delivery")
router.register(
    "approved-suppliers", suppliers_api.ApprovedSupplierViewSet, basename="api-approved-supplier"
)
router.register("certificates", api_certificates.CertificateViewSet, basename="api-certificate")
router.register(
    "questionnaire-templates",
    api_questionnaires.QuestionnaireTemplateViewSet,
    basename="api-questionnaire-template",
)
router.register(
    "questionnaires", api_questionnaires.QuestionnaireRequestViewSet, basename="api-questionnaire"
)
router.register(
    "scorecard-definitions", api_scorecards.DefinitionViewSet, basename="api-scorecard-definition"
)
router.register("scorecard-results", api_scorecards.ResultViewSet, basename="api-scorecard-result")
router.register("manual-ratings", api_scorecards.ManualRatingViewSet, basename="api-manual-rating")
router.register(
    "suspension-proposals", api_scorecards.ProposalViewSet, basename="api-suspension-proposal"
)
router.register("scorecard-jobs", api_scorecards.JobViewSet, basename="api-scorecard-job")
router.register(
    "supplier-requests", api_portal.SupplierRequestViewSet, basename="api-supplier-request"
)
router.register("profile-changes", api_portal.ProfileChangeViewSet, basename="api-profile-change")
router.register("reevaluations", api_reevaluations.ReEvaluationViewSet, basename="api-reevaluation")
router.register(
    "reevaluations-due",
    api_reevaluations.ReEvaluationDueViewSet,
    basename="api-reevaluation-due",
)
router.register(
    "performance-reviews",
    suppliers_reviews_api.PerformanceReviewViewSet,
    basename="api-performance-review",
)
router.register(
    "performance-review-actions",
    suppliers_reviews_api.ReviewActionViewSet,
    basename="api-performance-review-action",
)
router.register("agreements", api_agreements.AgreementViewSet, basename="api-agreement")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/o/<slug:org_slug>/", views.OrganizationView.as_view(), name="api-organization"),
    path("api/v1/o/<slug:org_slug>/", include(router.urls)),
    # The supplier portal, for portal users of a supplier (suppliers/api_portal_supplier/).
    path("api/v1/portal/<slug:org_slug>/", include("suppliers.api_portal_supplier.urls")),
]
