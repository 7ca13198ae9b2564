"""Pages of risks and opportunities: the register across parties, add one, change one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from parties.filters.risks import RiskFilter
from parties.forms.risks import RiskForm
from parties.models import Party, Risk
from parties.selectors import risks as risk_selectors
from parties.services import risks
from relmgmt.core import extensions as ext
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate

# The risks and opportunities register and its export: the whole description and
# treatment, which the page shortens.
RISK_EXPORT = ListExport(
    name="risks",
    sheet="Risks and opportunities",
    filterset=RiskFilter,
    queryset=risk_selectors.risks,
    columns=[
        Column("Rating", lambda risk: risk.risk_rating),
        Column("Likelihood", lambda risk: risk.likelihood),
        Column("Impact", lambda risk: risk.impact),
        Column("Band", lambda risk: risk.risk_band),
        Column("Kind", lambda risk: risk.get_kind_display()),
        Column("Party", lambda risk: risk.party.name),
        Column("Description", lambda risk: risk.description),
        Column("Treatment", lambda risk: risk.treatment),
        Column("Owner", lambda risk: risk.owner.display_name if risk.owner else ""),
        Column("Review on", lambda risk: risk.review_on),
        Column("Status", lambda risk: risk.get_status_display()),
    ],
)
risk_export = export_view(RISK_EXPORT)


@org_view(read="records.view")
def risk_list(request):
    found = RISK_EXPORT.filter(request)
    context = {
        "filter": found,
        # Risks are audited records: the count is remembered while the trail stays.
        "page": paginate(request, found.qs, records_of=request.organization),
        "risk_panels": ext.risk_register_panels,
    }
    return render_page_or_fragment(request, "parties/risk_list.html", "results", context)


@org_view(read="records.change", write="records.change")
def risk_create(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects, pk=pk)
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in Risk.Kind.values else Risk.Kind.RISK}
    if party.owner_id:
        initial["owner"] = party.owner_id
    form = RiskForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            risk = risks.risk_create(
                organization=organization, actor=request.user, party=party, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The {risk.get_kind_display().lower()} is recorded.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=party.pk)
    return render(request, "parties/risk_form.html", {"form": form, "party": party})


@org_view(read="records.change", write="records.change")
def risk_edit(request, pk):
    organization = request.organization
    risk = get_object_or_404(Risk.objects.select_related("party"), pk=pk)
    form = RiskForm(request.POST or None, instance=risk, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            risks.risk_update(
                organization=organization,
                actor=request.user,
                risk=risk,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("parties:party_detail", org_slug=organization.slug, pk=risk.party_id)
    context = {"form": form, "reason_form": reason_form, "party": risk.party, "risk": risk}
    return render(request, "parties/risk_form.html", context)
