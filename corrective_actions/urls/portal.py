"""The supplier portal's pages of 8Ds (registered under /portal/<org_slug>/, namespace
``portal``)."""

from django.urls import path

from corrective_actions.views import portal as views

urlpatterns = [
    path("8d/", views.scar_list, name="scar_list"),
    path("8d/<int:pk>/", views.scar_detail, name="scar_detail"),
    path("8d/<int:pk>/whys/", views.scar_why_add, name="scar_why_add"),
    path("8d/whys/<int:pk>/remove/", views.scar_why_remove, name="scar_why_remove"),
    path("8d/<int:pk>/causes/", views.scar_cause_add, name="scar_cause_add"),
    path("8d/causes/<int:pk>/remove/", views.scar_cause_remove, name="scar_cause_remove"),
    path("8d/<int:pk>/summary/", views.scar_summary, name="scar_summary"),
    path("8d/files/<int:pk>/", views.scar_attachment, name="scar_attachment"),
]
