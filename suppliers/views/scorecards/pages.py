"""Pages of the supplier scorecards: the organisation's overview (distribution of
standings, recalculation on demand), the definition editor, one supplier's scorecard,
manual ratings, and the suspension proposals with their signed decisions. Thin."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors
from suppliers.forms.scorecards import DecisionForm, DefinitionForm, ManualRatingForm
from suppliers.models import RecomputeJob
from suppliers.selectors import criteria as criteria_selectors
from suppliers.selectors import register as register_selectors
from suppliers.selectors import scorecards as scorecard_selectors
from suppliers.services.scorecards import definitions as scorecard_definitions
from suppliers.services.scorecards import jobs as scorecard_jobs
from suppliers.services.scorecards import proposals as scorecard_proposals
from suppliers.views.scorecards.chart import trend_chart

DECIDE = scorecard_proposals.DECIDE_PERMISSION


def _period(request) -> date | None:
    try:
        return date.fromisoformat(request.GET.get("period", ""))
    except ValueError:
        return None


@org_view(read="records.view")
def scorecard_overview(request):
    organization = request.organization
    distribution = scorecard_selectors.standings_distribution(
        organization=organization, period_start=_period(request)
    )
    context = {
        "distribution": distribution,
        "open_proposals": scorecard_selectors.open_proposals(organization=organization).count(),
        "job": scorecard_selectors.latest_job(organization=organization),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "suppliers/scorecards/overview.html", context)


@org_view(read="records.view", write="records.change")
def scorecard_definition(request):
    organization = request.organization
    current = scorecard_selectors.current_definition(organization=organization)
    can_change = policy.can(request.membership, "records.change")
    form = DefinitionForm(request.POST or None, definition=current)
    if request.method == "POST" and form.is_valid():
        try:
            definition = scorecard_definitions.definition_save(
                organization=organization, actor=request.user, **form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Version {definition.version} is in force; every scorecard was recalculated.",
            )
            return redirect("suppliers:scorecard_definition", org_slug=organization.slug)
    context = {
        "form": form,
        "definition": current,
        "versions": list(scorecard_selectors.definitions(organization=organization)[:20]),
        "can_change": can_change,
    }
    return render(request, "suppliers/scorecards/definition.html", context)


@org_view(read="records.view")
def evaluation_criteria(request):
    """The organisation's evaluation criteria, read-only for every member who reads the
    records (auditors too): the scorecard in force, re-evaluation intervals and notices,
    required certificates and how an approval without one is treated. Admins change them in
    the settings."""
    organization = request.organization
    definition = scorecard_selectors.current_definition(organization=organization)
    context = {
        "definition": definition,
        "summary": criteria_selectors.definition_summary(definition) if definition else None,
        "sections": criteria_selectors.evaluation_criteria(organization=organization),
        "can_change_settings": policy.can(request.membership, "settings.manage"),
    }
    return render(request, "suppliers/scorecards/criteria.html", context)


@org_view(read="records.view")
def supplier_scorecard(request, pk):
    organization = request.organization
    supplier = get_object_or_404(register_selectors.suppliers(organization=organization), pk=pk)
    scorecard = scorecard_selectors.supplier_scorecard(organization=organization, supplier=supplier)
    context = {
        "supplier": supplier,
        "scorecard": scorecard,
        "chart": trend_chart(scorecard.periods[::-1], scorecard.definition)
        if scorecard.definition
        else None,
        "can_change": policy.can(request.membership, "records.change"),
        "open_proposal": scorecard_selectors.open_proposals(organization=organization)
        .filter(supplier=supplier)
        .first(),
    }
    return render(request, "suppliers/scorecards/supplier.html", context)


@org_view(read="records.change", write="records.change")
def manual_rating(request, pk):
    organization = request.organization
    supplier = get_object_or_404(register_selectors.suppliers(organization=organization), pk=pk)
    form = ManualRatingForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            scorecard_definitions.manual_rating_save(
                organization=organization,
                actor=request.user,
                supplier=supplier,
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Rating saved; the scorecard of that month is rescored.")
            return redirect(
                "suppliers:supplier_scorecard", org_slug=organization.slug, pk=supplier.pk
            )
    return render(
        request, "suppliers/scorecards/rating_form.html", {"form": form, "supplier": supplier}
    )


@org_view(read="records.view")
def proposal_list(request):
    organization = request.organization
    open_proposals, decided = scorecard_selectors.proposals_open_and_decided(
        organization=organization
    )
    context = {
        "open": open_proposals,
        "decided": decided,
        "can_decide": policy.can(request.membership, DECIDE),
    }
    return render(request, "suppliers/scorecards/proposals.html", context)


@org_view(read=DECIDE, write=DECIDE)
def proposal_decide(request, pk):
    organization = request.organization
    proposal = get_object_or_404(scorecard_selectors.proposals(organization=organization), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            scorecard_proposals.proposal_confirm
            if form.cleaned_data["decision"] == "confirm"
            else scorecard_proposals.proposal_reject
        )
        try:
            decide(
                organization=organization,
                actor=request.user,
                proposal=proposal,
                password=form.cleaned_data["password"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Decision recorded and signed.")
            return redirect("suppliers:scorecard_proposals", org_slug=organization.slug)
    return render(request, "suppliers/scorecards/decide.html", {"form": form, "proposal": proposal})


@org_view(read="records.change", write="records.change")
def recompute(request):
    if request.method != "POST":
        return redirect("suppliers:scorecard_overview", org_slug=request.organization.slug)
    job = scorecard_jobs.recompute_job_request(
        organization=request.organization, actor=request.user
    )
    if getattr(request, "htmx", None):
        return render(request, "suppliers/scorecards/job.html", {"job": job})
    messages.info(request, "Recalculation queued.")
    return redirect("suppliers:scorecard_overview", org_slug=request.organization.slug)


@org_view(read="records.view")
def recompute_job(request, pk):
    job = get_object_or_404(RecomputeJob.objects.filter(organization=request.organization), pk=pk)
    return render(request, "suppliers/scorecards/job.html", {"job": job})
