from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "relmgmt.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"

    def ready(self):
        from relmgmt.notifications import platform_kinds  # noqa: F401  (registers kinds)
