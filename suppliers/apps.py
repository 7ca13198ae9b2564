from django.apps import AppConfig


class SuppliersConfig(AppConfig):
    name = "suppliers"
    verbose_name = "Suppliers"

    def ready(self):
        # reminder_kinds registers the kinds of reminder; tasks registers the Celery tasks
        # under the names services queue them by.
        from suppliers import extensions, reminder_kinds, tasks  # noqa: F401

        extensions.register()
