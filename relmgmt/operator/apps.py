from django.apps import AppConfig


class OperatorConfig(AppConfig):
    name = "relmgmt.operator"
    label = "operator"
    verbose_name = "Operating relmgmt"
