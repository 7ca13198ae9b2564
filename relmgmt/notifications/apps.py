from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "relmgmt.notifications"
    label = "notifications"
    verbose_name = "Reminders and notifications"

    def ready(self):
        from relmgmt.core import extensions as ext
        from relmgmt.notifications import platform_kinds  # noqa: F401  (registers kinds)
        from relmgmt.notifications.organization_settings import RequiredKinds
        from relmgmt.notifications.services.memberships import membership_reminders_follow

        ext.settings_sections.register(RequiredKinds())
        ext.membership_changed.register(ext.Listener("reminders", membership_reminders_follow))
