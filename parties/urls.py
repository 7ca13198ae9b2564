from django.urls import path

from parties.views import register

app_name = "parties"

urlpatterns = [
    path("parties/", register.party_list, name="party_list"),
    path("parties/new/", register.party_create, name="party_create"),
    path("parties/<int:pk>/", register.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", register.party_edit, name="party_edit"),
    path("parties/<int:pk>/needs/new/", register.need_create, name="need_create"),
    path("needs/<int:pk>/edit/", register.need_edit, name="need_edit"),
]
