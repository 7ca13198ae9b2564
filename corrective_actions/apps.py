from django.apps import AppConfig


class CorrectiveActionsConfig(AppConfig):
    name = "corrective_actions"
    verbose_name = "Corrective actions"

    def ready(self):
        # reminder_kinds registers the kinds of reminder the services schedule.
        from corrective_actions import extensions, reminder_kinds  # noqa: F401

        extensions.register()
