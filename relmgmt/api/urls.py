from django.urls import include, path
from django.utils.module_loading import import_string
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from relmgmt.api import views
from relmgmt.core import extensions

router = SimpleRouter()
router.register("memberships", views.MembershipViewSet, basename="api-membership")
router.register("audit-events", views.AuditEventViewSet, basename="api-audit-event")
# Each domain app's viewsets, as the app registered them.
for route in extensions.api_routes:
    router.register(route.prefix, import_string(route.viewset), basename=route.basename)

urlpatterns = [
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/o/<slug:org_slug>/", views.OrganizationView.as_view(), name="api-organization"),
    path("api/v1/o/<slug:org_slug>/", include(router.urls)),
    # The supplier portal's API, for portal users of a supplier, as the apps registered it.
    *(
        path("api/v1/portal/<slug:org_slug>/", include(entry.module))
        for entry in extensions.portal_api_urls
    ),
]
