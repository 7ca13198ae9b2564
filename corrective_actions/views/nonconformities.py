"""Pages of nonconformities: the list (filters, CSV and XLSX), one with its timeline and
evidence, the forms, the moves (the disposition signed), and the one-click nonconformity of
a rejected delivery. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from corrective_actions.filters.nonconformities import NonconformityFilter
from corrective_actions.forms.common import AttachmentForm
from corrective_actions.forms.nonconformities import NcTransitionForm, NonconformityForm
from corrective_actions.models import NonconformityAttachment
from corrective_actions.selectors import nonconformities as selectors
from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as services
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.policy import can
from suppliers.selectors.deliveries import deliveries


def _local(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


NC_EXPORT = ListExport(
    name="nonconformities",
    sheet="Nonconformities",
    filterset=NonconformityFilter,
    queryset=selectors.nonconformities,
    columns=[
        Column("Reference", lambda n: n.reference),
        Column("Opened", lambda n: _local(n.opened_at)),
        Column("State", lambda n: n.get_state_display()),
        Column("Source", lambda n: n.get_source_display()),
        Column("Category", lambda n: n.get_category_display()),
        Column("Severity", lambda n: n.get_severity_display()),
        Column("What", lambda n: n.title),
        Column("Where", lambda n: n.location),
        Column("When", lambda n: n.occurred_on),
        Column("Quantity", lambda n: n.quantity_affected),
        Column("Party", lambda n: n.party.name if n.party_id else ""),
        Column("Supplier", lambda n: n.supplier.party.name if n.supplier_id else ""),
        Column("Disposition", lambda n: n.get_disposition_display()),
        Column("Owner", lambda n: n.owner.display_name if n.owner_id else ""),
    ],
)
nc_export = export_view(NC_EXPORT)


def _fail(form, error):
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or "You may not do this.")
    else:
        apply_service_errors(form, error)


@org_view(read="records.view")
def nc_list(request):
    found = NC_EXPORT.filter(request)
    page = paginate(request, found.qs, records_of=request.organization, rows_from=found.queryset)
    context = {"filter": found, "page": page, "rows": page.object_list}
    return render_page_or_fragment(
        request, "corrective_actions/nonconformity_list.html", "results", context
    )


@org_view(read="records.change", write="records.change")
def nc_create(request):
    organization = request.organization
    form = NonconformityForm(request.POST or None, request.FILES or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.nonconformity_create(
                organization=organization,
                actor=request.user,
                data=form.service_data(),
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The nonconformity {record.reference} is recorded.")
            return redirect(
                "corrective_actions:nc_detail", org_slug=organization.slug, pk=record.pk
            )
    return render(request, "corrective_actions/nonconformity_form.html", {"form": form})


@org_view(read="records.change", write="records.change")
def nc_from_delivery(request, pk):
    """The one click from a rejected delivery: a confirmation page, then the record."""
    organization = request.organization
    delivery = get_object_or_404(deliveries(organization=organization), pk=pk)
    error = None
    if request.method == "POST":
        try:
            record = services.nonconformity_from_delivery(
                organization=organization, actor=request.user, delivery=delivery
            )
        except ValidationError as refused:
            error = "; ".join(refused.messages)
        else:
            messages.success(request, f"The nonconformity {record.reference} is recorded.")
            return redirect(
                "corrective_actions:nc_detail", org_slug=organization.slug, pk=record.pk
            )
    context = {
        "delivery": delivery,
        "data": services.delivery_rejection_data(delivery),
        "existing": selectors.of_delivery(organization=organization, delivery_id=delivery.pk),
        "error": error,
    }
    return render(request, "corrective_actions/nonconformity_from_delivery.html", context)


@org_view(read="records.view")
def nc_detail(request, pk):
    organization = request.organization
    record = get_object_or_404(selectors.nonconformity_detail(organization=organization), pk=pk)
    context = {
        "nc": record,
        "corrective_actions": record.corrective_actions.order_by("id"),
        "actions": services.allowed_actions(record.state),
        "can_change": can(request.membership, "records.change"),
        "signature_current": services.disposition_signature_is_current(record),
    }
    return render(request, "corrective_actions/nonconformity_detail.html", context)


@org_view(read="records.view")
def nc_trail(request, pk):
    """The evidence and the timeline of a nonconformity's page, read when they scroll into
    view."""
    organization = request.organization
    record = get_object_or_404(selectors.nonconformity_detail(organization=organization), pk=pk)
    context = {
        "nc": record,
        "events": selectors.timeline(organization=organization, nonconformity=record),
        "attachments": record.attachments.all(),
        "can_change": can(request.membership, "records.change"),
    }
    return render(request, "corrective_actions/nc_trail.html", context)


@org_view(read="records.change", write="records.change")
def nc_edit(request, pk):
    organization = request.organization
    record = get_object_or_404(selectors.nonconformity_detail(organization=organization), pk=pk)
    form = NonconformityForm(request.POST or None, instance=record, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.nonconformity_update(
                organization=organization,
                actor=request.user,
                nonconformity=record,
                data=form.service_data(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("corrective_actions:nc_detail", org_slug=organization.slug, pk=pk)
    return render(
        request, "corrective_actions/nonconformity_form.html", {"form": form, "nc": record}
    )


@org_view(read="records.change", write="records.change")
def nc_transition(request, pk):
    organization = request.organization
    record = get_object_or_404(selectors.nonconformity_detail(organization=organization), pk=pk)
    form = NcTransitionForm(request.POST or None, initial={"action": request.GET.get("action")})
    if request.method == "POST" and form.is_valid():
        try:
            services.nonconformity_transition(
                organization=organization,
                actor=request.user,
                nonconformity=record,
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as error:
            _fail(form, error)
        else:
            messages.success(request, f"The nonconformity {record.reference} is updated.")
            return redirect("corrective_actions:nc_detail", org_slug=organization.slug, pk=pk)
    context = {"form": form, "nc": record, "actions": services.allowed_actions(record.state)}
    return render(request, "corrective_actions/nonconformity_transition.html", context)


@org_view(read="records.change", write="records.change")
def nc_attach(request, pk):
    organization = request.organization
    record = get_object_or_404(selectors.nonconformity_detail(organization=organization), pk=pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                organization=organization,
                actor=request.user,
                nonconformity=record,
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The files are attached.")
            return redirect("corrective_actions:nc_detail", org_slug=organization.slug, pk=pk)
    context = {"form": form, "title": f"Evidence of {record.reference}", "back": record}
    return render(request, "corrective_actions/attach.html", context)


@org_view(read="records.view")
def nc_attachment_download(request, pk):
    attachment = get_object_or_404(
        NonconformityAttachment.objects.filter(organization=request.organization), pk=pk
    )
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@org_view(read="records.change", write="records.change")
def nc_open_ca(request, pk):
    """Open the corrective action of a nonconformity (POST), owned by the member."""
    organization = request.organization
    record = get_object_or_404(selectors.nonconformity_detail(organization=organization), pk=pk)
    if request.method != "POST":
        return redirect("corrective_actions:nc_detail", org_slug=organization.slug, pk=pk)
    try:
        action = ca_services.ca_from_nonconformity(
            organization=organization, actor=request.user, nonconformity=record
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
        return redirect("corrective_actions:nc_detail", org_slug=organization.slug, pk=pk)
    messages.success(request, f"The corrective action {action.reference} is opened.")
    return redirect("corrective_actions:ca_detail", org_slug=organization.slug, pk=action.pk)
