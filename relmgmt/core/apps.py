from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "relmgmt.core"
    label = "core"
    verbose_name = "Platform core"
