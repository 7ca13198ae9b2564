from django.apps import apps
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date

from relmgmt.audit import selectors
from relmgmt.audit.filters import AuditEventFilter
from relmgmt.audit.templatetags.audit_format import describe_events
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
    return render_page_or_fragment(
        request,
        "audit/audit_log.html",
        "results",
        {"filter": events, "page": page, "querystring": _querystring_without_page(request)},
    )


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
            str(event.changes),
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
    if not history.exists():
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
            "model_name": model._meta.verbose_name,
            "object_id": object_id,
            "history": describe_events(history),
            "as_of_date": as_of_date,
            "as_of_state": as_of_state,
        },
    )


def _querystring_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
