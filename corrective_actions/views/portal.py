"""The supplier portal's 8Ds: those addressed to the member's own supplier (another
supplier's ids are not found), one with its steps (the buyer's internal notes left out),
the answer to the step under way with evidence files, D4's five whys and fishbone while D4
awaits the answer, and the evidence's files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from corrective_actions.forms.corrective_actions import CauseForm, SummaryForm, WhyForm
from corrective_actions.forms.scars import StepAnswerForm
from corrective_actions.models import FishboneCause, WhyStep
from corrective_actions.models.scars import AWAITING_SUPPLIER, Discipline
from corrective_actions.selectors import scars as selectors
from corrective_actions.services import root_cause
from corrective_actions.services import scars as services
from relmgmt.core.access import org_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from suppliers.views.portal.base import PORTAL, own, section_context


def _get(request, pk):
    return get_object_or_404(selectors.portal_scars(**own(request)), pk=pk)


@org_view(read=PORTAL)
def scar_list(request):
    found = list(selectors.portal_scars(**own(request))[:200])
    return render(request, "portal/scar_list.html", section_context(request, "scars", scars=found))


def _page(request, scar, form=None, analysis_error=""):
    organization = request.organization
    steps = selectors.steps(organization=organization, scar=scar)
    current = next((s for s in steps if s.status in AWAITING_SUPPLIER), None)
    if form is None and current is not None and scar.is_open:
        form = StepAnswerForm(
            discipline=current.discipline,
            initial={
                "answer": current.answer,
                "is_not": current.is_not,
                "escape_point": current.escape_point,
            },
        )
    context = section_context(
        request,
        "scars",
        scar=scar,
        steps=steps,
        current=current if scar.is_open else None,
        form=form,
        events=selectors.history(organization=organization, scar=scar, portal=True),
        analysis=selectors.analysis(organization=organization, scar=scar),
        edit_analysis=bool(
            scar.is_open and current is not None and current.discipline == Discipline.D4
        ),
        why_form=WhyForm(),
        cause_form=CauseForm(),
        summary_form=SummaryForm(initial={"summary": scar.analysis.summary}),
        analysis_error=analysis_error,
    )
    return render(request, "portal/scar_detail.html", context)


@org_view(read=PORTAL, write=PORTAL)
def scar_detail(request, pk):
    scar = _get(request, pk)
    if request.method != "POST":
        return _page(request, scar)
    form = StepAnswerForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            step = services.step_submit(
                organization=request.organization,
                actor=request.user,
                scar=scar,
                discipline=form.cleaned_data["discipline"],
                answer=form.cleaned_data["answer"],
                is_not=form.cleaned_data.get("is_not", ""),
                escape_point=form.cleaned_data.get("escape_point", ""),
                uploads=form.cleaned_data["attachments"],
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                form.add_error(None, str(error))
            else:
                apply_service_errors(form, error)
        else:
            messages.success(request, f"Your answer to {step.code} is sent for review.")
            return redirect("portal:scar_detail", org_slug=request.organization.slug, pk=pk)
    return _page(request, scar, form=form)


def _analysis_change(request, scar, run):
    """Run ``run(analysis)`` on D4's analysis if D4 awaits the answer; the page either way."""
    try:
        analysis = services.analysis_for_supplier(
            organization=request.organization, actor=request.user, scar=scar
        )
        run(analysis)
    except (ValidationError, PermissionDenied) as error:
        message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        return _page(request, scar, analysis_error=message)
    return redirect("portal:scar_detail", org_slug=request.organization.slug, pk=scar.pk)


@org_view(read=PORTAL, write=PORTAL)
def scar_why_add(request, pk):
    scar = _get(request, pk)
    if request.method != "POST":
        return _page(request, scar)
    form = WhyForm(request.POST)
    if not form.is_valid():
        return _page(request, scar, analysis_error="Say why it happened.")
    return _analysis_change(
        request,
        scar,
        lambda analysis: root_cause.why_add(
            organization=request.organization,
            actor=request.user,
            analysis=analysis,
            **form.cleaned_data,
        ),
    )


def _of_analysis(request, model, pk):
    """A why or cause of one of the supplier's own 8Ds, and that 8D."""
    own_scars = selectors.portal_scars(**own(request))
    item = get_object_or_404(
        model.objects.filter(
            organization=request.organization,
            analysis_id__in=own_scars.values("analysis_id"),
        ),
        pk=pk,
    )
    return item, own_scars.get(analysis_id=item.analysis_id)


@org_view(read=PORTAL, write=PORTAL)
def scar_why_remove(request, pk):
    step, scar = _of_analysis(request, WhyStep, pk)
    if request.method != "POST":
        return _page(request, scar)
    return _analysis_change(
        request,
        scar,
        lambda analysis: root_cause.why_delete(
            organization=request.organization, actor=request.user, step=step
        ),
    )


@org_view(read=PORTAL, write=PORTAL)
def scar_cause_add(request, pk):
    scar = _get(request, pk)
    if request.method != "POST":
        return _page(request, scar)
    form = CauseForm(request.POST)
    if not form.is_valid():
        return _page(request, scar, analysis_error="Give the cause and its category.")
    return _analysis_change(
        request,
        scar,
        lambda analysis: root_cause.cause_add(
            organization=request.organization,
            actor=request.user,
            analysis=analysis,
            **form.cleaned_data,
        ),
    )


@org_view(read=PORTAL, write=PORTAL)
def scar_cause_remove(request, pk):
    cause, scar = _of_analysis(request, FishboneCause, pk)
    if request.method != "POST":
        return _page(request, scar)
    return _analysis_change(
        request,
        scar,
        lambda analysis: root_cause.cause_delete(
            organization=request.organization, actor=request.user, cause=cause
        ),
    )


@org_view(read=PORTAL, write=PORTAL)
def scar_summary(request, pk):
    scar = _get(request, pk)
    if request.method != "POST":
        return _page(request, scar)
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _page(request, scar, analysis_error="Say the root cause in words.")
    return _analysis_change(
        request,
        scar,
        lambda analysis: root_cause.summary_save(
            organization=request.organization,
            actor=request.user,
            analysis=analysis,
            summary=form.cleaned_data["summary"],
        ),
    )


@org_view(read=PORTAL)
def scar_attachment(request, pk):
    attachment = get_object_or_404(selectors.portal_attachments(**own(request)), pk=pk)
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
