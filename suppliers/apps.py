from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = "Suppliers"

    def ready(self):
        from suppliers import extensions, reminder_kinds  # noqa: F401  (registers the kinds of reminder)

        extensions.register()
