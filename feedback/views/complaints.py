"""Pages of the complaints register: the list (filters, timers, figures, CSV and XLSX exports), one
complaint with its timeline and timers, the forms, the moves through the states, and the
attachments (downloaded only through a permission-checked view). Thin: parse, call,
render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from feedback.filters.complaints import ComplaintFilter
from feedback.forms.complaints import AttachmentForm, ComplaintForm, TransitionForm
from feedback.models import ComplaintAttachment
from feedback.selectors import complaints as selectors
from feedback.selectors.handling import handling, handling_table
from feedback.services import complaints as services
from relmgmt.core.access import org_view
from relmgmt.core.exports import FORMATS, Column, ListExport, export_view, table
from relmgmt.core.files import attachment_response, private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.policy import can


def _local(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


# The complaints list and its export (CSV and XLSX, every page as filtered and sorted).
COMPLAINT_EXPORT = ListExport(
    name="complaints",
    sheet="Complaints",
    filterset=ComplaintFilter,
    queryset=selectors.complaints,
    columns=[
        Column("Reference", lambda c: c.reference),
        Column("Received", lambda c: _local(c.received_at)),
        Column("State", lambda c: c.get_state_display()),
        Column("Severity", lambda c: c.get_severity_display()),
        Column("Category", lambda c: c.get_category_display()),
        Column("Party", lambda c: c.party_label),
        Column("Complainant", lambda c: c.complainant_name),
        Column("Subject", lambda c: c.subject),
        Column("Acknowledged", lambda c: _local(c.acknowledged_at)),
        Column("Resolved", lambda c: _local(c.resolved_at)),
        Column("Acknowledge due", lambda c: _local(c.acknowledge_due_at)),
        Column("Resolve due", lambda c: _local(c.resolve_due_at)),
        Column("Reopened", lambda c: c.reopen_count),
    ],
)
complaint_export = export_view(COMPLAINT_EXPORT)


@org_view(read="records.view")
def complaint_handling_export(request, fmt):
    """The handling figures (first-contact resolution, average time to resolve) per
    category and per channel, over the complaints the list's filters select."""
    if fmt not in FORMATS:
        raise Http404
    organization = request.organization
    found = COMPLAINT_EXPORT.filter(request)
    figures = handling(organization=organization, queryset=found.qs)
    headers, rows = handling_table(figures)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return attachment_response(
        table(headers, rows, fmt, "Complaint handling"),
        filename=f"complaint-handling-{organization.slug}-{stamp}.{fmt}",
        content_type=FORMATS[fmt],
    )


@org_view(read="records.view")
def complaint_list(request):
    organization = request.organization
    found = COMPLAINT_EXPORT.filter(request)
    page = paginate(
        request,
        found.qs,
        records_of=organization,
        columns=selectors.COMPLAINT_LIST_COLUMNS,
        rows_from=found.queryset,
        moment="",
    )
    context = {
        "filter": found,
        "page": page,
        "figures": selectors.figures_remembered(organization=organization, queryset=found.qs),
        "handling": selectors.remembered(
            "complaint-handling", handling, organization=organization, queryset=found.qs
        ),
    }
    return render_page_or_fragment(request, "feedback/complaint_list.html", "results", context)


@org_view(read="records.change", write="records.change")
def complaint_create(request):
    organization = request.organization
    form = ComplaintForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.complaint_create(
                organization=organization,
                actor=request.user,
                data=form.service_data(),
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The complaint {complaint.reference} is received.")
            return redirect(
                "feedback:complaint_detail", org_slug=organization.slug, pk=complaint.pk
            )
    return render(request, "feedback/complaint_form.html", {"form": form})


@org_view(read="records.view")
def complaint_detail(request, pk):
    organization = request.organization
    complaint = get_object_or_404(selectors.complaint_detail(organization=organization), pk=pk)
    context = {
        "complaint": complaint,
        "timers": selectors.timers(complaint),
        "events": selectors.timeline(organization=organization, complaint=complaint),
        "attachments": complaint.attachments.all(),
        "actions": services.allowed_actions(complaint.state),
        "can_change": can(request.membership, "records.change"),
        "transition_form": TransitionForm(),
        "attachment_form": AttachmentForm(),
    }
    return render(request, "feedback/complaint_detail.html", context)


@org_view(read="records.change", write="records.change")
def complaint_edit(request, pk):
    organization = request.organization
    complaint = get_object_or_404(selectors.complaint_detail(organization=organization), pk=pk)
    form = ComplaintForm(request.POST or None, instance=complaint, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_update(
                organization=organization,
                actor=request.user,
                complaint=complaint,
                data=form.service_data(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("feedback:complaint_detail", org_slug=organization.slug, pk=pk)
    return render(request, "feedback/complaint_form.html", {"form": form, "complaint": complaint})


@org_view(read="records.change", write="records.change")
def complaint_transition(request, pk):
    organization = request.organization
    complaint = get_object_or_404(selectors.complaint_detail(organization=organization), pk=pk)
    form = TransitionForm(request.POST or None, initial={"action": request.GET.get("action")})
    if request.method == "POST" and form.is_valid():
        try:
            services.complaint_transition(
                organization=organization,
                actor=request.user,
                complaint=complaint,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The complaint {complaint.reference} is updated.")
            return redirect("feedback:complaint_detail", org_slug=organization.slug, pk=pk)
    context = {
        "form": form,
        "complaint": complaint,
        "actions": services.allowed_actions(complaint.state),
    }
    return render(request, "feedback/complaint_transition.html", context)


@org_view(read="records.change", write="records.change")
def complaint_attach(request, pk):
    organization = request.organization
    complaint = get_object_or_404(selectors.complaint_detail(organization=organization), pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                organization=organization,
                actor=request.user,
                complaint=complaint,
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The files are attached.")
            return redirect("feedback:complaint_detail", org_slug=organization.slug, pk=pk)
    return render(request, "feedback/complaint_attach.html", {"form": form, "complaint": complaint})


@org_view(read="records.view")
def complaint_attachment_download(request, pk):
    attachment = get_object_or_404(
        ComplaintAttachment.objects.filter(organization=request.organization), pk=pk
    )
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
