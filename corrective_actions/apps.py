from django.apps import AppConfig


class CorrectiveActionsConfig(AppConfig):
    name = "corrective_actions"
    verbose_name = "Corrective actions"

    def ready(self):
        from corrective_actions import extensions

        extensions.register()
