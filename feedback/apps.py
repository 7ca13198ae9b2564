from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Feedback"

    def ready(self):
        # reminder_kinds registers the kinds of reminder the app schedules.
        from feedback import extensions, reminder_kinds  # noqa: F401

        extensions.register()
