from django.urls import path

from relmgmt.notifications import views

urlpatterns = [
    path("reminders/", views.reminder_list, name="reminder_list"),
    path(
        "reminders/records/<str:model_label>/<str:object_id>/panel/",
        views.record_reminders_panel,
        name="record_reminders_panel",
    ),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/bell/", views.notification_bell, name="notification_bell"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications_read_all"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification_read"),
    path(
        "notifications/preferences/",
        views.notification_preferences,
        name="notification_preferences",
    ),
]
