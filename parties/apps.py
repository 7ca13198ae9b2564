from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "parties"
    verbose_name = "Interested parties"

    def ready(self):
        from parties import extensions, reminder_kinds  # noqa: F401  (registers the kinds of reminder)

        extensions.register()
