from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "relmgmt.portal"
    label = "portal"
    verbose_name = "Supplier portal"
