"""The buyer's pages of suppliers' 8Ds: the list (filters, CSV and XLSX), one with its eight
steps, evidence and history (internal notes included), issuing one (on its own, from a
nonconformity, from a rejected delivery), the review of a step (accept or return with a
comment), the effectiveness check and the signed closure after D8, a note, the
cancellation and the 8D report as PDF. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from corrective_actions.filters.scars import ScarFilter
from corrective_actions.forms.scars import CancelForm, CheckForm, NoteForm, ReviewForm, ScarForm
from corrective_actions.models import ScarAttachment
from corrective_actions.pdf_scar import scar_pdf as make_pdf
from corrective_actions.selectors import nonconformities as nc_selectors
from corrective_actions.selectors import scars as selectors
from corrective_actions.services import scars as services
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.files import attachment_response, private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.policy import can
from suppliers.selectors.deliveries import deliveries


def _local(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


SCAR_EXPORT = ListExport(
    name="supplier-8d",
    sheet="Supplier 8D",
    filterset=ScarFilter,
    queryset=selectors.scars,
    columns=[
        Column("Reference", lambda s: s.reference),
        Column("Issued", lambda s: _local(s.issued_at)),
        Column("Supplier", lambda s: s.supplier.party.name),
        Column("Title", lambda s: s.title),
        Column("Source", lambda s: s.get_source_display()),
        Column("State", lambda s: s.get_state_display()),
        Column("Step", lambda s: f"D{s.current_step}"),
        Column("Overdue", lambda s: "yes" if s.overdue else "no"),
        Column("Owner", lambda s: s.owner.display_name if s.owner_id else ""),
        Column(
            "Effectiveness check due",
            lambda s: s.effectiveness_due_on.isoformat() if s.effectiveness_due_on else "",
        ),
        Column("Closed", lambda s: _local(s.closed_at)),
    ],
)
scar_export = export_view(SCAR_EXPORT)


def _get(request, pk):
    return get_object_or_404(selectors.scar_detail(organization=request.organization), pk=pk)


def _errors(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, PermissionDenied):
        return str(error) or "You may not do this."
    return " ".join(error.messages)


@org_view(read="records.view")
def scar_list(request):
    found = SCAR_EXPORT.filter(request)
    page = paginate(request, found.qs, records_of=request.organization, rows_from=found.queryset)
    context = {"filter": found, "page": page, "rows": page.object_list}
    return render_page_or_fragment(request, "corrective_actions/scar_list.html", "results", context)


def _issue(request, *, form, run, back):
    if request.method == "POST" and form.is_valid():
        try:
            scar = run(form)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The 8D {scar.reference} is issued to the supplier.")
            return redirect(
                "corrective_actions:scar_detail", org_slug=request.organization.slug, pk=scar.pk
            )
    return render(request, "corrective_actions/scar_form.html", {"form": form, "back": back})


@org_view(read="records.change", write="records.change")
def scar_create(request):
    organization = request.organization
    form = ScarForm(
        request.POST or None,
        organization=organization,
        initial={"supplier": request.GET.get("supplier")},
    )
    return _issue(
        request,
        form=form,
        run=lambda form: services.scar_issue(
            organization=organization,
            actor=request.user,
            supplier=form.cleaned_data["supplier"],
            data=form.service_data(),
            source=(
                services.ScarSource.SCORECARD
                if request.GET.get("from") == "scorecard"
                else services.ScarSource.OTHER
            ),
        ),
        back=None,
    )


@org_view(read="records.change", write="records.change")
def scar_from_nonconformity(request, pk):
    organization = request.organization
    nc = get_object_or_404(nc_selectors.nonconformity_detail(organization=organization), pk=pk)
    form = ScarForm(
        request.POST or None,
        organization=organization,
        with_supplier=False,
        initial={"title": nc.title, "description": nc.description or nc.title},
    )
    return _issue(
        request,
        form=form,
        run=lambda form: services.scar_issue_from_nonconformity(
            organization=organization,
            actor=request.user,
            nonconformity=nc,
            data=form.service_data(),
        ),
        back=nc,
    )


@org_view(read="records.change", write="records.change")
def scar_from_delivery(request, pk):
    organization = request.organization
    delivery = get_object_or_404(deliveries(organization=organization), pk=pk)
    form = ScarForm(
        request.POST or None,
        organization=organization,
        with_supplier=False,
        initial={
            "title": f"Rejected delivery {delivery}",
            "description": delivery.rejection_reason or "",
        },
    )
    return _issue(
        request,
        form=form,
        run=lambda form: services.scar_issue_from_delivery(
            organization=organization,
            actor=request.user,
            delivery=delivery,
            data=form.service_data(),
        ),
        back=None,
    )


@org_view(read="records.view")
def scar_detail(request, pk):
    organization = request.organization
    scar = _get(request, pk)
    context = {
        "scar": scar,
        "steps": selectors.steps(organization=organization, scar=scar),
        "analysis": selectors.analysis(organization=organization, scar=scar),
        "can_change": can(request.membership, "records.change"),
        "check_actions": services.allowed_check_actions(scar.state),
    }
    return render(request, "corrective_actions/scar_detail.html", context)


@org_view(read="records.view")
def scar_trail(request, pk):
    """The history of an 8D's steps and notes, on its page, read when it scrolls into view."""
    organization = request.organization
    scar = _get(request, pk)
    context = {
        "scar": scar,
        "events": selectors.history(organization=organization, scar=scar),
        "can_change": can(request.membership, "records.change"),
        "note_form": NoteForm(),
    }
    return render(request, "corrective_actions/scar_trail.html", context)


@org_view(read="records.change", write="records.change")
def scar_review(request, pk):
    """Accept or return a submitted step (POST); the page again with the outcome."""
    organization = request.organization
    scar = _get(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Choose the step and whether to accept or return it.")
        else:
            try:
                step = services.step_review(
                    organization=organization, actor=request.user, scar=scar, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(request, _errors(error))
            else:
                done = "accepted" if form.cleaned_data["action"] == "accept" else "returned"
                messages.success(request, f"{step.code} is {done}.")
    return redirect("corrective_actions:scar_detail", org_slug=organization.slug, pk=pk)


@org_view(read="records.change", write="records.change")
def scar_transition(request, pk):
    """After D8: the effectiveness check's result, or the signed closure."""
    organization = request.organization
    scar = _get(request, pk)
    form = CheckForm(request.POST or None, initial={"action": request.GET.get("action")})
    if request.method == "POST" and form.is_valid():
        try:
            services.scar_transition(
                organization=organization, actor=request.user, scar=scar, **form.cleaned_data
            )
        except PermissionDenied as error:
            form.add_error(None, _errors(error))
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The 8D {scar.reference} is updated.")
            return redirect("corrective_actions:scar_detail", org_slug=organization.slug, pk=pk)
    context = {
        "form": form,
        "scar": scar,
        "actions": services.allowed_check_actions(scar.state),
    }
    return render(request, "corrective_actions/scar_transition.html", context)


@org_view(read="records.change", write="records.change")
def scar_note(request, pk):
    organization = request.organization
    scar = _get(request, pk)
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.scar_note(
                    organization=organization,
                    actor=request.user,
                    scar=scar,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(request, "The note is kept.")
        else:
            messages.error(request, "Write the note.")
    return redirect("corrective_actions:scar_detail", org_slug=organization.slug, pk=pk)


@org_view(read="records.change", write="records.change")
def scar_cancel(request, pk):
    organization = request.organization
    scar = _get(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.scar_cancel(
                organization=organization,
                actor=request.user,
                scar=scar,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The 8D {scar.reference} is cancelled.")
            return redirect("corrective_actions:scar_detail", org_slug=organization.slug, pk=pk)
    return render(request, "corrective_actions/scar_cancel.html", {"form": form, "scar": scar})


@org_view(read="records.view")
def scar_attachment_download(request, pk):
    attachment = get_object_or_404(
        ScarAttachment.objects.filter(organization=request.organization), pk=pk
    )
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@org_view(read="records.view")
def scar_pdf(request, pk):
    scar = _get(request, pk)
    content = make_pdf(organization=request.organization, scar=scar)
    return attachment_response(
        content, filename=f"{scar.reference}-8D.pdf", content_type="application/pdf"
    )
