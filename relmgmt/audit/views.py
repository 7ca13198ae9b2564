import json

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date

from relmgmt import policy
from relmgmt.audit import selectors, services
from relmgmt.audit.filters import AuditEventFilter, SecurityEventFilter
from relmgmt.audit.naming import kind_label, model_of
from relmgmt.audit.templatetags.audit_format import describe_events, describe_state
from relmgmt.audit.templatetags.audit_tags import history_panel_context
from relmgmt.core.access import org_view
from relmgmt.core.csv import csv_response
from relmgmt.core.htmx import render_page_or_fragment

PAGE_SIZE = 50


@org_view(read="history.view")
def audit_log(request):
    organization = request.organization
    events = AuditEventFilter(
        request.GET,
        queryset=selectors.events(organization=organization).order_by("-seq"),
        request=request,
    )
    page = Paginator(events.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = describe_events(page.object_list, organization, names_from_states=True)
    return render_page_or_fragment(
        request,
        "audit/audit_log.html",
        "results",
        {
            "filter": events,
            "page": page,
            "querystring": _querystring_without_page(request),
            **_verification_context(request),
        },
    )


@org_view(read="history.view", write="history.verify")
def audit_verification(request):
    """The latest check of the chain (polled while it runs); a POST with ``start`` queues
    a new one, run by the worker."""
    organization = request.organization
    if request.method == "POST":
        if request.POST.get("start"):
            services.verification_request(organization=organization, actor=request.user)
        if not getattr(request, "htmx", None):
            return redirect("audit_log", org_slug=organization.slug)
    return render(request, "audit/verification.html", _verification_context(request))


def _verification_context(request) -> dict:
    verification, running = selectors.verifications_now(organization=request.organization)
    return {
        "verification": verification,
        "running": running,
        "may_verify": policy.can(request.membership, "history.verify"),
    }


@org_view(read="evidence.export")
def audit_log_export(request):
    organization = request.organization
    events = AuditEventFilter(
        request.GET,
        queryset=selectors.events(organization=organization).order_by("seq"),
        request=request,
    )
    header = [
        *("seq", "occurred_at", "actor", "source", "action", "kind", "record_id", "record"),
        *("changes", "reason", "hash"),
    ]
    rows = (
        [
            event.seq,
            event.occurred_at.isoformat(),
            event.actor_label,
            event.source,
            event.action,
            event.model_label,
            event.object_id,
            event.object_repr,
            json.dumps(event.changes, ensure_ascii=False, sort_keys=True),
            event.reason,
            event.hash,
        ]
        for event in events.qs.iterator(chunk_size=2000)
    )
    return csv_response(
        name="audit",
        organization=organization,
        header=header,
        rows=rows,
        stamp=timezone.now().strftime("%Y%m%d-%H%M"),
    )


@org_view(read="history.view")
def record_history(request, model_label, object_id):
    """Every event of one record (deleted ones too), and the record as of a chosen date."""
    organization = request.organization
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as exc:
        raise Http404 from exc
    history = (
        selectors.events(organization=organization)
        .filter(model_label=model._meta.label_lower, object_id=object_id)
        .order_by("-seq")
    )
    history = describe_events(history, organization)
    if not history:
        raise Http404
    as_of_date = parse_date(request.GET.get("as_of", "") or "")
    as_of_state = None
    if as_of_date:
        end_of_day = timezone.make_aware(
            timezone.datetime.combine(as_of_date, timezone.datetime.max.time())
        )
        as_of_state = selectors.record_as_of(
            organization=organization, model=model, pk=object_id, when=end_of_day
        )
    return render(
        request,
        "audit/record_history.html",
        {
            "kind": kind_label(model._meta.label_lower),
            # The record's name now, with its page; the name its last event wrote once it is gone.
            "record_name": history[0].record_name,
            "object_id": object_id,
            "history": history,
            "as_of_date": as_of_date,
            "as_of_rows": describe_state(model, as_of_state, organization),
            "as_of_exists": as_of_state is not None,
        },
    )


@org_view(read="history.view")
def record_history_panel(request, model_label, object_id):
    """A record page's History panel on its own, read when the panel scrolls into view."""
    if model_of(model_label) is None:
        raise Http404
    context = history_panel_context(
        request.organization, model_of(model_label)._meta.label_lower, object_id, bounded=True
    )
    if not context["events"]:
        raise Http404  # as the history page: no record of the organisation by that id
    return render(request, "audit/history_panel.html", context)


@org_view(read="security.view")
def security_log(request):
    """Refused writes and failed sign-ins, two-factor codes and tokens concerning the
    organisation (relmgmt.audit.security), for its admins."""
    rows = SecurityEventFilter(
        request.GET,
        queryset=selectors.security_events(organization=request.organization),
        request=request,
    )
    page = Paginator(rows.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page_or_fragment(
        request,
        "audit/security_log.html",
        "results",
        {
            "filter": rows,
            "page": page,
            "querystring": _querystring_without_page(request),
            "retention_days": settings.RELMGMT_SECURITY_LOG_DAYS,
        },
    )


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
