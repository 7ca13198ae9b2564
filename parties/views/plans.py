"""Pages of relationship plans: create, read a version, edit a section, approve, new version,
print. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from parties.forms.plans import PlanApproveForm, PlanForm, PlanSectionForm
from parties.models import Party, PlanSection, PlanVersion, RelationshipPlan, Tier
from parties.plan_pdf import render_plan_pdf
from parties.selectors import plans as plan_selectors
from parties.services import plans as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.files import attachment_response
from relmgmt.core.forms import ReasonForm, apply_service_errors


def _plan_url(organization, version) -> str:
    url = reverse(
        "parties:plan_detail", kwargs={"org_slug": organization.slug, "pk": version.plan_id}
    )
    return f"{url}?version={version.number}"


@org_view(read="records.change", write="records.change")
def plan_create(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects, pk=pk)
    existing = RelationshipPlan.objects.filter(party=party).first()
    if existing is not None:
        return redirect("parties:plan_detail", org_slug=organization.slug, pk=existing.pk)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                organization=organization,
                actor=request.user,
                party=party,
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The plan is started: version 1, a draft of ten sections.")
            return redirect("parties:plan_detail", org_slug=organization.slug, pk=plan.pk)
    context = {"form": form, "party": party, "strategic": party.tier == Tier.STRATEGIC}
    return render(request, "parties/plans/plan_form.html", context)


def _chosen_version(request, versions):
    """The version asked for with ?version=N, else the newest."""
    wanted = request.GET.get("version")
    if wanted:
        for version in versions:
            if str(version.number) == wanted:
                return version
        raise Http404
    return versions[0]


@org_view(read="records.view")
def plan_detail(request, pk):
    organization = request.organization
    plan = get_object_or_404(RelationshipPlan.objects.select_related("party"), pk=pk)
    versions = list(plan_selectors.plan_versions(organization=organization, plan=plan))
    version = _chosen_version(request, versions)
    membership = request.membership
    sections = list(version.sections.all())
    context = {
        "plan": plan,
        "party": plan.party,
        "versions": versions,
        "version": version,
        "sections": sections,
        "complete_count": sum(s.status == PlanSection.Status.COMPLETE for s in sections),
        "signature_current": services.signature_states(
            organization=organization, versions=[version]
        ).get(version.pk),
        "can_change": policy.can(membership, "records.change"),
        "can_approve": policy.can(membership, services.APPROVE_PERMISSION),
        "has_draft": any(v.status == PlanVersion.Status.DRAFT for v in versions),
        # The PDF offered first is the approved plan; a draft or superseded one is labelled.
        "approved_version": next(
            (v for v in versions if v.status == PlanVersion.Status.APPROVED), None
        ),
        "record": version,
    }
    return render(request, "parties/plans/plan_detail.html", context)


@org_view(read="records.change", write="records.change")
def section_edit(request, pk):
    organization = request.organization
    section = get_object_or_404(PlanSection.objects.select_related("version__plan__party"), pk=pk)
    version = section.version
    if version.status != PlanVersion.Status.DRAFT:
        messages.error(request, "Only a draft is changed. Start a new version to change the plan.")
        return redirect(_plan_url(organization, version))
    form = PlanSectionForm(request.POST or None, instance=section, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.section_update(
                organization=organization,
                actor=request.user,
                section=section,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{section.get_key_display()}: saved.")
            return redirect(_plan_url(organization, version) + f"#section-{section.key}")
    context = {
        "form": form,
        "reason_form": reason_form,
        "section": section,
        "version": version,
        "plan": version.plan,
        "party": version.plan.party,
    }
    return render(request, "parties/plans/section_form.html", context)


@org_view(read=services.APPROVE_PERMISSION, write=services.APPROVE_PERMISSION)
def version_approve(request, pk):
    organization = request.organization
    version = get_object_or_404(PlanVersion.objects.select_related("plan__party"), pk=pk)
    if version.status != PlanVersion.Status.DRAFT:
        messages.error(request, f"Version {version.number} is not a draft.")
        return redirect(_plan_url(organization, version))
    form = PlanApproveForm(
        request.POST or None, initial={"meaning": services.default_meaning(version)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.version_approve(
                organization=organization,
                actor=request.user,
                version=version,
                password=form.cleaned_data["password"],
                meaning=form.cleaned_data["meaning"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Version {version.number} is approved and signed.")
            return redirect(_plan_url(organization, version))
    sections = version.sections.order_by("id")
    unfinished = [s for s in sections if s.status != PlanSection.Status.COMPLETE]
    context = {
        "form": form,
        "version": version,
        "plan": version.plan,
        "party": version.plan.party,
        "unfinished": unfinished,
    }
    return render(request, "parties/plans/approve_form.html", context)


@require_POST
@org_view(read="records.change", write="records.change")
def version_start(request, pk):
    organization = request.organization
    plan = get_object_or_404(RelationshipPlan.objects, pk=pk)
    try:
        version = services.version_start(organization=organization, actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("parties:plan_detail", org_slug=organization.slug, pk=plan.pk)
    messages.success(
        request, f"Version {version.number} is started as a draft, a copy of the approved one."
    )
    return redirect(_plan_url(organization, version))


@org_view(read="records.view")
def version_pdf(request, pk):
    organization = request.organization
    version = get_object_or_404(PlanVersion.objects, pk=pk)
    version = plan_selectors.plan_versions(organization=organization, plan=version.plan_id).get(
        pk=version.pk
    )
    content = render_plan_pdf(
        organization=organization,
        version=version,
        sections=list(version.sections.all()),
        signature_current=services.signature_states(
            organization=organization, versions=[version]
        ).get(version.pk),
        generated_at=timezone.now(),
    )
    filename = f"relationship-plan-{version.plan.party_id}-v{version.number}.pdf"
    return attachment_response(content, filename=filename, content_type="application/pdf")
