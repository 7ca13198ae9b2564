"""Routes of the supplier portal API, included under /api/v1/portal/<org_slug>/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import certificates, notifications, profile, questionnaires, requests, scorecard

router = SimpleRouter()
router.register(
    "profile/changes", profile.ProfileChangeViewSet, basename="api-portal-profile-change"
)
router.register(
    "questionnaires/files",
    questionnaires.QuestionnaireFileViewSet,
    basename="api-portal-questionnaire-file",
)
router.register(
    "questionnaires", questionnaires.QuestionnaireViewSet, basename="api-portal-questionnaire"
)
router.register("certificates", certificates.CertificateViewSet, basename="api-portal-certificate")
router.register("requests", requests.RequestViewSet, basename="api-portal-request")
router.register(
    "notifications", notifications.NotificationViewSet, basename="api-portal-notification"
)

urlpatterns = [
    path("profile/", profile.ProfileView.as_view(), name="api-portal-profile"),
    path("scorecard/", scorecard.ScorecardView.as_view(), name="api-portal-scorecard"),
    *router.urls,
]
