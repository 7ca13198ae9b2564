"""Pages of the complaints register: the list (filters, timers, figures, CSV), one
complaint with its timeline and timers, the forms, the moves through the states, and the
attachments (downloaded only through a permission-checked view). Thin: parse, call,
render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from feedback.filters.complaints import ComplaintFilter
from feedback.forms.complaints import AttachmentForm, ComplaintForm, TransitionForm
from feedback.models import ComplaintAttachment
from feedback.selectors import complaints as selectors
from feedback.services import complaints as services
from relmgmt.core.access import org_view
from relmgmt.core.csv import csv_response
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.policy import can


@org_view(read="records.view")
def complaint_list(request):
    organization = request.organization
    found = ComplaintFilter(
        request.GET, queryset=selectors.complaints(organization=organization), request=request
    )
    if request.GET.get("format") == "csv":
        return _csv(organization, found.qs)
    page = paginate(request, found.qs, records_of=organization, rows_from=found.queryset)
    now = timezone.now()
    rows = [(complaint, selectors.timers(complaint, now)) for complaint in page.object_list]
    context = {
        "filter": found,
        "page": page,
        "rows": rows,
        "figures": selectors.figures(organization=organization, queryset=found.qs),
        "query": request.GET.urlencode(),
    }
    return render_page_or_fragment(request, "feedback/complaint_list.html", "results", context)


def _csv(organization, queryset):
    header = [
        "Reference", "Received", "State", "Severity", "Category", "Party", "Complainant",
        "Subject", "Acknowledged", "Resolved", "Acknowledge due", "Resolve due", "Reopened",
    ]  # fmt: skip
    rows = (
        [
            c.reference,
            timezone.localtime(c.received_at).isoformat(timespec="minutes"),
            c.get_state_display(),
            c.get_severity_display(),
            c.get_category_display(),
            c.party_label,
            c.complainant_name,
            c.subject,
            timezone.localtime(c.acknowledged_at).isoformat(timespec="minutes")
            if c.acknowledged_at
            else "",
            timezone.localtime(c.resolved_at).isoformat(timespec="minutes")
            if c.resolved_at
            else "",
            timezone.localtime(c.acknowledge_due_at).isoformat(timespec="minutes"),
            timezone.localtime(c.resolve_due_at).isoformat(timespec="minutes"),
            c.reopen_count,
        ]
        for c in queryset.iterator(chunk_size=2000)
    )
    return csv_response(name="complaints", organization=organization, header=header, rows=rows)


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
