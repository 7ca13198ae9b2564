from django import template

from relmgmt.notifications.panels import reminders_panel_context
from relmgmt.notifications.selectors import label_of

register = template.Library()


@register.inclusion_tag("notifications/reminders_panel.html", takes_context=True)
def reminders_panel(context, record):
    """A record page's reminders: what goes out next, and (a click away, folded) what went
    out or was cancelled, newest first."""
    return reminders_panel_context(
        context["request"].organization, label_of(type(record)), str(record.pk)
    )


@register.inclusion_tag("notifications/reminders_panel_lazy.html", takes_context=True)
def lazy_reminders_panel(context, record):
    """The Reminders panel, read once the page has loaded (``record_reminders_panel``)."""
    return {
        "organization": context["request"].organization,
        "model_label": label_of(type(record)),
        "object_id": str(record.pk),
    }
