"""Routes of the supplier portal API for 8Ds, included under /api/v1/portal/<org_slug>/."""

from rest_framework.routers import SimpleRouter

from corrective_actions.api import portal

router = SimpleRouter()
router.register("8d/files", portal.ScarFileViewSet, basename="api-portal-scar-file")
router.register("8d", portal.ScarPortalViewSet, basename="api-portal-scar")

urlpatterns = router.urls
