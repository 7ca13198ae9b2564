from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "relmgmt.tenancy"
    label = "tenancy"
    verbose_name = "Organisations and members"

    def ready(self):
        from relmgmt.core import extensions
        from relmgmt.tenancy.sessions import IdleTimeout

        extensions.settings_sections.register(IdleTimeout())
