from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "relmgmt.api"
    label = "api"
    verbose_name = "API"
