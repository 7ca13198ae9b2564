from django import forms
from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from relmgmt.core.access import org_view
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.notifications import kinds, selectors
from relmgmt.notifications.filters import ReminderFilter
from relmgmt.notifications.models import NotificationPreference, Reminder
from relmgmt.notifications.panels import reminders_panel_context
from relmgmt.notifications.services import inbox

PAGE_SIZE = 50


@org_view(read="records.view")
def record_reminders_panel(request, model_label, object_id):
    """A record page's Reminders panel on its own, read once the page has loaded."""
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    if "organization_id" not in {field.attname for field in model._meta.concrete_fields}:
        raise Http404  # reminders are kept for the organisation's own records only
    try:
        found = model._default_manager.filter(organization=request.organization, pk=object_id)
        if not found.exists():
            raise Http404
    except (ValueError, ValidationError) as exc:  # an id of another shape
        raise Http404 from exc
    label = model._meta.label_lower
    context = reminders_panel_context(request.organization, label, object_id)
    return render(request, "notifications/reminders_panel.html", context)


@org_view(read="reminders.view")
def reminder_list(request):
    """What goes out next (the coming 30 days by default) and what went out."""
    organization = request.organization
    data = request.GET.copy()
    if not data.get("status") and not data.get("within_days"):
        data["within_days"] = "30"
    reminders = ReminderFilter(
        data,
        queryset=selectors.reminders(organization=organization).prefetch_related("recipients"),
        request=request,
    )
    queryset = reminders.qs.order_by(
        "-send_at" if data.get("status") in {"sent", "failed", "cancelled"} else "send_at", "id"
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    return render_page_or_fragment(
        request,
        "notifications/reminder_list.html",
        "results",
        {
            "filter": reminders,
            "page": page,
            "querystring": query.urlencode(),
            "status_summary": _status_summary(organization),
        },
    )


def _status_summary(organization):
    counts = selectors.status_counts(organization=organization)
    return [(value, label, counts.get(value, 0)) for value, label in Reminder.Status.choices]


@org_view(read="notifications.own", write="notifications.own")
def notification_list(request):
    organization = request.organization
    notifications = selectors.notifications_of(organization=organization, user=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/notification_list.html", {"page": page})


@org_view(read="notifications.own")
def notification_bell(request):
    """The unread count in the header, refreshed by htmx."""
    count = selectors.unread_count(organization=request.organization, user=request.user)
    return render(request, "notifications/bell.html", {"unread": count})


@require_POST
@org_view(read="notifications.own", write="notifications.own")
def notification_read(request, pk):
    notification = get_object_or_404(
        selectors.notifications_of(organization=request.organization, user=request.user), pk=pk
    )
    inbox.notification_mark_read(
        organization=request.organization, user=request.user, notification_id=notification.pk
    )
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(next_url)
    return redirect(_inbox_url(request))


@require_POST
@org_view(read="notifications.own", write="notifications.own")
def notifications_read_all(request):
    count = inbox.notifications_mark_all_read(organization=request.organization, user=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return redirect(_inbox_url(request))


def _inbox_url(request) -> str:
    return f"/o/{request.organization.slug}/notifications/"


class PreferencesForm(forms.Form):
    def __init__(self, *args, organization, current, **kwargs):
        super().__init__(*args, **kwargs)
        required = set(organization.settings.get("required_kinds", []))
        for kind in kinds.all_kinds():
            choices = NotificationPreference.Mode.choices
            if kind.required or kind.key in required:
                choices = [c for c in choices if c[0] != NotificationPreference.Mode.OFF]
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=current.get(kind.key, NotificationPreference.Mode.IMMEDIATE),
                help_text=kind.description,
                widget=forms.RadioSelect,
            )


@org_view(read="notifications.own", write="notifications.own")
def notification_preferences(request):
    organization = request.organization
    current = selectors.preferences_of(organization=organization, user=request.user)
    form = PreferencesForm(request.POST or None, organization=organization, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            inbox.preferences_save(
                organization=organization, user=request.user, modes=form.cleaned_data
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, "Your notification choices are saved.")
            return redirect(f"/o/{organization.slug}/notifications/preferences/")
    return render(request, "notifications/preferences.html", {"form": form})
