from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "relmgmt.tenancy"
    label = "tenancy"
    verbose_name = "Organisations and members"
