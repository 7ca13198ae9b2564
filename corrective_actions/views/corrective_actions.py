"""Pages of corrective actions: the list (filters, recurrence, age, CSV and XLSX), one with
its analysis (whys and fishbone edited in place with htmx), actions, checks, timeline and
signature, the forms, the moves, the evidence files and the PDF of the record. Thin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from corrective_actions.filters.corrective_actions import CorrectiveActionFilter
from corrective_actions.forms.common import AttachmentForm
from corrective_actions.forms.corrective_actions import (
    CaTransitionForm,
    CauseForm,
    CorrectiveActionForm,
    StepForm,
    SummaryForm,
    WhyForm,
)
from corrective_actions.models import (
    ActionStep,
    CorrectiveActionAttachment,
    FishboneCause,
    WhyStep,
)
from corrective_actions.pdf import corrective_action_pdf
from corrective_actions.selectors import corrective_actions as selectors
from corrective_actions.selectors import sources
from corrective_actions.services import corrective_actions as services
from corrective_actions.services import root_cause
from feedback.selectors.surveys import loop_response
from parties.selectors.risks import risks
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.files import attachment_response, private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.core.remembered import this_day
from relmgmt.policy import can


def _local(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


CA_EXPORT = ListExport(
    name="corrective-actions",
    sheet="Corrective actions",
    filterset=CorrectiveActionFilter,
    queryset=selectors.corrective_actions,
    columns=[
        Column("Reference", lambda c: c.reference),
        Column("Opened", lambda c: _local(c.opened_at)),
        Column("Age (days)", lambda c: selectors.age_days(c)),
        Column("State", lambda c: c.get_state_display()),
        Column("Source", lambda c: c.get_source_display()),
        Column("Category", lambda c: c.get_category_display()),
        Column("Severity", lambda c: c.get_severity_display()),
        Column("Title", lambda c: c.title),
        Column("Party", lambda c: c.party.name if c.party_id else ""),
        Column("Supplier", lambda c: c.supplier.party.name if c.supplier_id else ""),
        Column("Owner", lambda c: c.owner.display_name),
        Column("Nonconformity", lambda c: c.nonconformity.reference if c.nonconformity_id else ""),
        Column("Effectiveness due", lambda c: c.effectiveness_due_on or ""),
        Column("Overdue", lambda c: "yes" if c.overdue else ""),
        Column("Recurrence", lambda c: "yes" if c.recurrent else ""),
        Column("Cycle", lambda c: c.cycle),
        Column("Closed", lambda c: _local(c.closed_at)),
        Column("Audit finding or risk", lambda c: c.source_reference),
        Column("Risks and opportunities updated", lambda c: c.risks_updated),
        Column("Changes to the QMS", lambda c: c.qms_changes),
    ],
)
ca_export = export_view(CA_EXPORT)


def _fail(form, error):
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error) or "You may not do this.")
    else:
        apply_service_errors(form, error)


def _get(request, pk):
    return get_object_or_404(selectors.ca_detail(organization=request.organization), pk=pk)


@org_view(read="records.view")
def ca_list(request):
    found = CA_EXPORT.filter(request)
    page = paginate(
        request,
        found.qs,
        records_of=request.organization,
        columns=selectors.CA_LIST_COLUMNS,
        rows_from=found.queryset,
        moment=this_day(request.organization),  # the overdue flags turn by the day
    )
    context = {
        "filter": found,
        "page": page,
        "figures": selectors.figures_remembered(
            organization=request.organization, queryset=found.qs
        ),
    }
    return render_page_or_fragment(request, "corrective_actions/ca_list.html", "results", context)


def _initial_from(request) -> dict:
    """Opened from a risk (``?risk=``) or a survey answer (``?survey_answer=``): the form
    starts with what that record says; another organisation's is not found."""
    organization = request.organization
    if request.method != "GET":
        return {}
    for name, select, initial in (
        ("risk", risks, sources.initial_from_risk),
        ("survey_answer", loop_response, sources.initial_from_survey_answer),
    ):
        given = request.GET.get(name, "")
        if given:
            if not given.isdigit():
                raise Http404
            return initial(get_object_or_404(select(organization=organization), pk=int(given)))
    return {}


@org_view(read="records.change", write="records.change")
def ca_create(request):
    organization = request.organization
    initial = {"owner": request.user, **_initial_from(request)}
    form = CorrectiveActionForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.ca_create(
                organization=organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The corrective action {record.reference} is opened.")
            return redirect(
                "corrective_actions:ca_detail", org_slug=organization.slug, pk=record.pk
            )
    return render(request, "corrective_actions/ca_form.html", {"form": form})


def _analysis_context(request, record, **extra):
    return {
        "ca": record,
        "analysis": selectors.analysis(organization=request.organization, corrective_action=record),
        "can_edit_analysis": can(request.membership, "records.change")
        and not record.analysis.frozen
        and record.state in services.PLANNING_STATES,
        "why_form": extra.get("why_form") or WhyForm(),
        "cause_form": extra.get("cause_form") or CauseForm(),
        "summary_form": SummaryForm(initial={"summary": record.analysis.summary}),
        "analysis_error": extra.get("error"),
    }


@org_view(read="records.view")
def ca_detail(request, pk):
    organization = request.organization
    record = _get(request, pk)
    context = {
        **_analysis_context(request, record),
        "steps": selectors.steps(organization=organization, corrective_action=record),
        "next_cycles": record.next_cycles.order_by("id"),
        "actions": services.allowed_actions(record.state),
        "can_change": can(request.membership, "records.change"),
        "age": selectors.age_days(record),
        "step_form": StepForm(organization=organization),
        "planning": record.state in services.PLANNING_STATES,
    }
    return render(request, "corrective_actions/ca_detail.html", context)


@org_view(read="records.view")
def ca_trail(request, pk):
    """The evidence files and the timeline of a corrective action's page, read when they
    scroll into view."""
    organization = request.organization
    record = _get(request, pk)
    context = {
        "ca": record,
        "events": selectors.timeline(organization=organization, corrective_action=record),
        "attachments": record.attachments.all(),
        "can_change": can(request.membership, "records.change"),
    }
    return render(request, "corrective_actions/ca_trail.html", context)


@org_view(read="records.change", write="records.change")
def ca_edit(request, pk):
    organization = request.organization
    record = _get(request, pk)
    form = CorrectiveActionForm(request.POST or None, instance=record, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.ca_update(
                organization=organization,
                actor=request.user,
                corrective_action=record,
                data=form.service_data(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("corrective_actions:ca_detail", org_slug=organization.slug, pk=pk)
    return render(request, "corrective_actions/ca_form.html", {"form": form, "ca": record})


@org_view(read="records.change", write="records.change")
def ca_transition(request, pk):
    organization = request.organization
    record = _get(request, pk)
    form = CaTransitionForm(request.POST or None, initial={"action": request.GET.get("action")})
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.ca_transition(
                organization=organization,
                actor=request.user,
                corrective_action=record,
                **form.cleaned_data,
            )
        except (ValidationError, PermissionDenied) as error:
            _fail(form, error)
        else:
            messages.success(request, f"The corrective action {record.reference} is updated.")
            following = moved.next_cycles.order_by("-id").first()
            if following is not None:
                messages.info(request, f"The next cycle is {following.reference}.")
            return redirect("corrective_actions:ca_detail", org_slug=organization.slug, pk=pk)
    context = {"form": form, "ca": record, "actions": services.allowed_actions(record.state)}
    return render(request, "corrective_actions/ca_transition.html", context)


@org_view(read="records.change", write="records.change")
def ca_attach(request, pk):
    organization = request.organization
    record = _get(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                organization=organization,
                actor=request.user,
                corrective_action=record,
                uploads=form.cleaned_data["attachments"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The files are attached.")
            return redirect("corrective_actions:ca_detail", org_slug=organization.slug, pk=pk)
    context = {"form": form, "title": f"Evidence of {record.reference}", "back": record}
    return render(request, "corrective_actions/attach.html", context)


@org_view(read="records.view")
def ca_attachment_download(request, pk):
    attachment = get_object_or_404(
        CorrectiveActionAttachment.objects.filter(organization=request.organization), pk=pk
    )
    return private_download(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )


@org_view(read="records.view")
def ca_pdf(request, pk):
    record = _get(request, pk)
    content = corrective_action_pdf(organization=request.organization, record=record)
    return attachment_response(
        content, filename=f"{record.reference}.pdf", content_type="application/pdf"
    )


# --- Actions ----------------------------------------------------------------------------


@org_view(read="records.change", write="records.change")
def step_add(request, pk):
    organization = request.organization
    record = _get(request, pk)
    form = StepForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_add(
                organization=organization,
                actor=request.user,
                corrective_action=record,
                data=form.service_data(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action is planned.")
            return redirect("corrective_actions:ca_detail", org_slug=organization.slug, pk=pk)
    return render(request, "corrective_actions/step_form.html", {"form": form, "ca": record})


@org_view(read="records.change", write="records.change")
def step_edit(request, pk):
    organization = request.organization
    step = get_object_or_404(ActionStep.objects.filter(organization=organization), pk=pk)
    record = _get(request, step.corrective_action_id)
    form = StepForm(request.POST or None, instance=step, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            services.step_update(
                organization=organization,
                actor=request.user,
                step=step,
                data=form.service_data(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The action is saved.")
            return redirect(
                "corrective_actions:ca_detail", org_slug=organization.slug, pk=record.pk
            )
    context = {"form": form, "ca": record, "step": step}
    return render(request, "corrective_actions/step_form.html", context)


# --- The analysis (htmx: each answer is the analysis section again) ----------------------


def _analysis_answer(request, record, **extra):
    if getattr(request, "htmx", None):
        record = _get(request, record.pk)
        return render(
            request,
            "corrective_actions/ca_detail.html#analysis",
            _analysis_context(request, record, **extra),
        )
    if extra.get("error"):
        messages.error(request, extra["error"])
    return redirect(
        "corrective_actions:ca_detail", org_slug=request.organization.slug, pk=record.pk
    )


def _message(error: ValidationError) -> str:
    return "; ".join(error.messages)


def _analysis_post(request, record, run, form):
    """Run the service for a valid form; the analysis section (or the page) either way."""
    if request.method != "POST":
        return redirect(
            "corrective_actions:ca_detail", org_slug=request.organization.slug, pk=record.pk
        )
    if record.state not in services.PLANNING_STATES:
        return _analysis_answer(
            request, record, error="The analysis of this corrective action is closed."
        )
    if form is not None and not form.is_valid():
        first = next(iter(form.errors.values()))[0]
        return _analysis_answer(request, record, error=first)
    try:
        run()
    except ValidationError as error:
        return _analysis_answer(request, record, error=_message(error))
    return _analysis_answer(request, record)


@org_view(read="records.change", write="records.change")
def why_add(request, pk):
    record = _get(request, pk)
    form = WhyForm(request.POST or None)
    return _analysis_post(
        request,
        record,
        lambda: root_cause.why_add(
            organization=request.organization,
            actor=request.user,
            analysis=record.analysis,
            **form.cleaned_data,
        ),
        form,
    )


@org_view(read="records.change", write="records.change")
def why_edit(request, pk):
    """Change a step of the chain, or remove it (``delete`` posted)."""
    organization = request.organization
    step = get_object_or_404(
        WhyStep.objects.filter(organization=organization).select_related("analysis"), pk=pk
    )
    record = get_object_or_404(
        selectors.ca_detail(organization=organization), analysis_id=step.analysis_id
    )
    if "delete" in request.POST:
        return _analysis_post(
            request,
            record,
            lambda: root_cause.why_delete(organization=organization, actor=request.user, step=step),
            None,
        )
    form = WhyForm(request.POST or None)
    return _analysis_post(
        request,
        record,
        lambda: root_cause.why_update(
            organization=organization, actor=request.user, step=step, **form.cleaned_data
        ),
        form,
    )


@org_view(read="records.change", write="records.change")
def cause_add(request, pk):
    record = _get(request, pk)
    form = CauseForm(request.POST or None)
    return _analysis_post(
        request,
        record,
        lambda: root_cause.cause_add(
            organization=request.organization,
            actor=request.user,
            analysis=record.analysis,
            **form.cleaned_data,
        ),
        form,
    )


@org_view(read="records.change", write="records.change")
def cause_edit(request, pk):
    """Change a fishbone cause (category, words, root or not), or remove it."""
    organization = request.organization
    cause = get_object_or_404(
        FishboneCause.objects.filter(organization=organization).select_related("analysis"), pk=pk
    )
    record = get_object_or_404(
        selectors.ca_detail(organization=organization), analysis_id=cause.analysis_id
    )
    if "delete" in request.POST:
        return _analysis_post(
            request,
            record,
            lambda: root_cause.cause_delete(
                organization=organization, actor=request.user, cause=cause
            ),
            None,
        )
    form = CauseForm(request.POST or None)
    return _analysis_post(
        request,
        record,
        lambda: root_cause.cause_update(
            organization=organization,
            actor=request.user,
            cause=cause,
            category=form.cleaned_data["category"],
            text_of_cause=form.cleaned_data["cause"],
            is_root=form.cleaned_data["is_root"],
        ),
        form,
    )


@org_view(read="records.change", write="records.change")
def summary_save(request, pk):
    record = _get(request, pk)
    form = SummaryForm(request.POST or None)
    return _analysis_post(
        request,
        record,
        lambda: root_cause.summary_save(
            organization=request.organization,
            actor=request.user,
            analysis=record.analysis,
            summary=form.cleaned_data["summary"],
        ),
        form,
    )
