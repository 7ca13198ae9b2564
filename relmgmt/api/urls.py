from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from parties import api as parties_api
from parties import api_plans
from relmgmt.api import views

router = SimpleRouter()
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("audit-events", views.AuditEventViewSet, basename="api-audit-event")
router.register("parties", parties_api.PartyViewSet, basename="api-party")
router.register("needs", parties_api.NeedViewSet, basename="api-need")
router.register("plans", api_plans.PlanViewSet, basename="api-plan")
router.register("plan-sections", api_plans.PlanSectionViewSet, basename="api-plan-section")

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/o/<slug:org_slug>/", views.OrganizationView.as_view(), name="api-organization"),
    path("api/v1/o/<slug:org_slug>/", include(router.urls)),
]
