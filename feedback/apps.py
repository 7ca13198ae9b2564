from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        # reminder_kinds registers the kinds of reminder; tasks registers the Celery tasks
        # under the names the dispatchers queue them by.
        from feedback import extensions, reminder_kinds, tasks  # noqa: F401

        extensions.register()
