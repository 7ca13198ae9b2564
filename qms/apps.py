from django.apps import AppConfig


class QmsConfig(AppConfig):
    name = "qms"
    verbose_name = "Quality management system"

    def ready(self):
        from qms import extensions, tasks  # noqa: F401 (tasks registers the Celery tasks)

        extensions.register()
