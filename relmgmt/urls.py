from django.contrib import admin
from django.urls import include, path

from relmgmt.core import extensions, import_views, record_links_views
from relmgmt.core import views as core_views
from relmgmt.tenancy import views as tenancy_views

organization_patterns = [
    path("", include("relmgmt.tenancy.urls")),
    path("", include("relmgmt.api.token_urls")),
    path("", include("relmgmt.audit.urls")),
    path("", include("relmgmt.notifications.urls")),
    path("imports/jobs/<int:pk>/", import_views.import_job, name="import_job"),
    path(
        "records/<str:model_label>/<int:pk>/links/",
        record_links_views.record_links_panel,
        name="record_links_panel",
    ),
    # Each domain app's pages, as the app registered them.
    *(path("", include(entry.module)) for entry in extensions.organization_urls),
]

urlpatterns = [
    path("", tenancy_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("invitations/<str:token>/", tenancy_views.invitation_accept, name="invitation_accept"),
    path("o/<slug:org_slug>/", include(organization_patterns)),
    path("portal/", include("relmgmt.portal.urls")),
    path("operator/", include("relmgmt.operator.urls")),
    # Public pages the apps registered (forms and status pages without sign-in).
    *(path("", include(entry.module)) for entry in extensions.public_urls),
    path("", include("relmgmt.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
