"""Pages of supplier approval: a transition (signed where it carries weight), and the
approved supplier list for today or a past date, as a page, a PDF and a CSV."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from relmgmt.core.access import org_view
from relmgmt.core.csv import csv_response
from relmgmt.core.dates import organization_today
from relmgmt.core.files import attachment_response
from relmgmt.core.forms import apply_service_errors
from suppliers.forms.approval import AslDateForm, TransitionForm
from suppliers.models import Supplier
from suppliers.models.register import ASL_STATUSES
from suppliers.selectors import approval as approval_selectors
from suppliers.selectors import certificates as certificate_selectors
from suppliers.services import approval as services
from suppliers.views.approval.pdf import render_asl_pdf

PERMISSION = services.TRANSITION_PERMISSION


@org_view(read=PERMISSION, write=PERMISSION)
def supplier_transition(request, pk, action):
    organization = request.organization
    supplier = get_object_or_404(Supplier.objects.select_related("party"), pk=pk)
    chosen = services.ACTIONS.get(action)
    if chosen is None:
        raise Http404
    allowed = services.allowed_actions(supplier.status)
    if chosen not in allowed:
        messages.error(
            request,
            f"A supplier that is {supplier.get_status_display().lower()} cannot be "
            f"{chosen.to_label.lower()}. Allowed: "
            f"{'; '.join(a.label.lower() for a in allowed)}.",
        )
        return redirect("suppliers:supplier_detail", org_slug=organization.slug, pk=supplier.pk)
    gaps = (
        certificate_selectors.supplier_certificate_gaps(
            organization=organization, supplier=supplier
        )
        if chosen.to_status in ASL_STATUSES
        else []
    )
    refused = bool(gaps) and (
        certificate_selectors.approval_without_certificate(organization)
        == certificate_selectors.APPROVAL_REFUSE
    )
    form = TransitionForm(request.POST or None, action=chosen, certificate_gaps=gaps)
    if request.method == "POST" and form.is_valid():
        try:
            services.supplier_transition(
                organization=organization,
                actor=request.user,
                supplier=supplier,
                action=chosen.key,
                reason=form.cleaned_data["reason"],
                password=form.cleaned_data.get("password", ""),
                conditions=form.cleaned_data.get("conditions", ""),
                conditions_until=form.cleaned_data.get("conditions_until"),
                certificate_override=form.cleaned_data.get("certificate_override", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            signed = " and signed" if chosen.signed else ""
            messages.success(
                request,
                f"{supplier.name}: {chosen.label.lower()}, recorded{signed}.",
            )
            return redirect("suppliers:supplier_detail", org_slug=organization.slug, pk=supplier.pk)
    context = {
        "form": form,
        "supplier": supplier,
        "action": chosen,
        "certificate_gaps": gaps,
        "refused": refused,
    }
    return render(request, "suppliers/transition_form.html", context)


def _asl_day(request):
    """The day asked for with ?date= (None for today); a bad or future date is a form error."""
    form = AslDateForm(request.GET or None)
    day = None
    if form.is_bound and form.is_valid():
        try:
            day = approval_selectors.asl_day(
                organization=request.organization, day=form.cleaned_data["date"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    return form, day


@org_view(read="records.view")
def approved_supplier_list(request):
    form, day = _asl_day(request)
    entries = approval_selectors.approved_suppliers(organization=request.organization, on=day)
    context = {
        "form": form,
        "day": day,
        "entries": entries,
        "flagged": sum(1 for entry in entries if entry.flags),
        "query": request.GET.urlencode(),
    }
    return render(request, "suppliers/asl.html", context)


ASL_HEADER = [
    "Code",
    "Supplier",
    "Status",
    "Conditions",
    "Conditions end on",
    "What it supplies",
    "Criticality",
    "On the list since",
    "Next re-evaluation",
]


@org_view(read="evidence.export")
def approved_supplier_export(request, fmt):
    if fmt not in ("csv", "pdf"):
        raise Http404
    organization = request.organization
    form, day = _asl_day(request)
    if form.errors:
        messages.error(request, " ".join(form.errors.get("date", ["Choose a valid date."])))
        return redirect("suppliers:asl", org_slug=organization.slug)
    entries = approval_selectors.approved_suppliers(organization=organization, on=day)
    as_of = day or organization_today(organization)
    if fmt == "csv":
        rows = (
            [
                entry.code,
                entry.name,
                entry.status_label,
                entry.conditions,
                entry.conditions_until.isoformat() if entry.conditions_until else "",
                entry.categories_label,
                entry.criticality_label,
                timezone.localtime(entry.approved_since).date().isoformat()
                if entry.approved_since
                else "",
                entry.next_evaluation_due.isoformat() if entry.next_evaluation_due else "",
            ]
            for entry in entries
        )
        response = csv_response(
            name=f"approved-suppliers-{as_of:%Y%m%d}",
            organization=organization,
            header=ASL_HEADER,
            rows=rows,
        )
        return response
    content = render_asl_pdf(
        organization=organization,
        entries=entries,
        as_of=as_of,
        from_history=day is not None,
        generated_at=timezone.now(),
    )
    filename = f"approved-suppliers-{organization.slug}-{as_of:%Y%m%d}.pdf"
    return attachment_response(content, filename=filename, content_type="application/pdf")
