"""The buyer's decisions on what suppliers send through the portal: proposed changes of
their contacts and address, and uploaded certificates. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.portal import ProfileChangeFilter
from suppliers.forms.portal import RejectForm
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import portal as portal_selectors
from suppliers.services import certificates as certificate_services
from suppliers.services import portal as portal_services


@org_view(read="records.view")
def change_list(request):
    organization = request.organization
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = "pending"
    found = ProfileChangeFilter(
        data,
        queryset=portal_selectors.profile_changes(organization=organization),
        request=request,
    )
    page = paginate(request, found.qs)
    context = {"filter": found, "page": page}
    return render_page_or_fragment(request, "suppliers/changes/list.html", "results", context)


def _to_supplier(organization, supplier_id, anchor):
    response = redirect("suppliers:supplier_detail", org_slug=organization.slug, pk=supplier_id)
    response["Location"] += f"#{anchor}"
    return response


@require_POST
@org_view(read="records.change", write="records.change")
def change_accept(request, pk):
    organization = request.organization
    change = get_object_or_404(portal_selectors.profile_changes(organization=organization), pk=pk)
    try:
        portal_services.profile_change_accept(
            organization=organization, actor=request.user, change=change
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The proposal is accepted and applied.")
    return _to_supplier(organization, change.supplier_id, "proposals")


@org_view(read="records.change", write="records.change")
def change_reject(request, pk):
    organization = request.organization
    change = get_object_or_404(portal_selectors.profile_changes(organization=organization), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal_services.profile_change_reject(
                organization=organization,
                actor=request.user,
                change=change,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The proposal is rejected.")
            return _to_supplier(organization, change.supplier_id, "proposals")
    context = {"form": form, "subject": change, "supplier": change.supplier, "what": "proposal"}
    return render(request, "suppliers/changes/reject.html", context)


def _certificate(request, pk):
    return get_object_or_404(
        certificate_selectors.pending_certificates(organization=request.organization), pk=pk
    )


@require_POST
@org_view(read="records.change", write="records.change")
def certificate_accept(request, pk):
    organization = request.organization
    certificate = _certificate(request, pk)
    try:
        certificate_services.certificate_accept(
            organization=organization, actor=request.user, certificate=certificate
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"The certificate {certificate} is accepted.")
    return _to_supplier(organization, certificate.supplier_id, "certificates")


@org_view(read="records.change", write="records.change")
def certificate_reject(request, pk):
    organization = request.organization
    certificate = _certificate(request, pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate_services.certificate_reject(
                organization=organization,
                actor=request.user,
                certificate=certificate,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The certificate {certificate} is rejected.")
            return _to_supplier(organization, certificate.supplier_id, "certificates")
    context = {
        "form": form,
        "subject": certificate,
        "supplier": certificate.supplier,
        "what": "certificate",
    }
    return render(request, "suppliers/changes/reject.html", context)
