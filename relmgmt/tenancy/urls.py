from django.urls import path

from relmgmt.tenancy import views

urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("members/", views.member_list, name="member_list"),
    path("members/invite/", views.member_invite, name="member_invite"),
    path("members/access-log/", views.auditor_access_log, name="auditor_access_log"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path("settings/", views.organization_settings, name="organization_settings"),
]
