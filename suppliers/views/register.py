"""Pages of the supplier register: the list, a supplier, add and change. Thin: parse, call,
render."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.as_of import as_of_day
from relmgmt.core.exports import Column, ListExport, export_as_of_response, export_response
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from relmgmt.core.remembered import this_day
from suppliers.filters.register import SupplierFilter
from suppliers.forms.register import SupplierForm
from suppliers.models import Supplier
from suppliers.selectors import as_of as as_of_selectors
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import governance as governance_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import approval
from suppliers.services import register as services
from suppliers.templatetags.supplier_tags import (
    CATEGORY_LABELS,
    CRITICALITY_LABELS,
    STANDING_LABELS,
    STATUS_LABELS,
    single_source_text,
)
from suppliers.views import panels


def _marks(organization, rows: list[dict]) -> None:
    register_selectors.supplier_list_marks(organization=organization, rows=rows)


def _certificate_gaps(row: dict) -> str:
    gaps = certificate_selectors.certificate_gaps(row["status"], row)
    return ", ".join(gap.label for gap in gaps)


# The supplier list and its export: the page's columns, read as the page reads them.
SUPPLIER_EXPORT = ListExport(
    name="suppliers",
    sheet="Suppliers",
    filterset=SupplierFilter,
    queryset=register_selectors.supplier_list,
    values=register_selectors.SUPPLIER_LIST_COLUMNS,
    prepare=_marks,
    columns=[
        Column("Code", lambda row: row["code"]),
        Column("Supplier", lambda row: row["party__name"]),
        Column(
            "What it supplies",
            lambda row: ", ".join(CATEGORY_LABELS.get(v, v) for v in row["categories"]),
        ),
        Column("Single source of", single_source_text),
        Column("Criticality", lambda row: CRITICALITY_LABELS.get(row["criticality"])),
        Column("Approval", lambda row: STATUS_LABELS.get(row["status"], row["status"])),
        Column("Certificates missing or expired", _certificate_gaps),
        Column(
            "Standing",
            lambda row: (
                STANDING_LABELS.get(row["latest_standing"], row["latest_standing"])
                if row["latest_standing"]
                else "No data"
            ),
        ),
        Column("Standing's period", lambda row: row["latest_period"]),
        Column("Owner", lambda row: row["owner__full_name"] or row["owner__email"] or ""),
        Column("Next re-evaluation", lambda row: row["next_evaluation_due"]),
    ],
)


@org_view(read=SUPPLIER_EXPORT.permission)
def supplier_export(request, fmt):
    """The supplier list as filtered, or as it stood at the end of ``?as_of=``."""
    form, day = as_of_day(request)
    if form.errors:
        return HttpResponseBadRequest(" ".join(form.errors["as_of"]))
    if day is None:
        return export_response(request, SUPPLIER_EXPORT, fmt)
    rows = as_of_selectors.supplier_register_as_of(organization=request.organization, day=day)
    return export_as_of_response(request, SUPPLIER_EXPORT, fmt, rows, day=day)


@org_view(read="records.view")
def supplier_list(request):
    organization = request.organization
    as_of_form, day = as_of_day(request)
    if day is not None:
        rows = as_of_selectors.supplier_register_as_of(organization=organization, day=day)
        context = {"page": paginate(request, rows), "as_of_form": as_of_form, "day": day}
        return render(request, "suppliers/supplier_list_as_of.html", context)
    found = SUPPLIER_EXPORT.filter(request)
    # Scorecard results are derived rows outside the audit trail, so a count filtered by
    # standing is not remembered under the trail's head: a recalculation would not renew it.
    by_standing = found.form.is_valid() and bool(found.form.cleaned_data.get("standing"))
    page = paginate(
        request,
        found.qs,
        records_of=None if by_standing else organization,
        columns=register_selectors.SUPPLIER_LIST_COLUMNS,
        rows_from=found.queryset,
        moment=this_day(organization),  # certificates fall out of date by the day
        marked_by=partial(register_selectors.supplier_list_marks, organization=organization),
    )
    context = {"filter": found, "page": page, "as_of_form": as_of_form}
    return render_page_or_fragment(request, "suppliers/supplier_list.html", "results", context)


@org_view(read="records.change", write="records.change")
def supplier_create(request):
    organization = request.organization
    form = SupplierForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = services.supplier_create(
                organization=organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{supplier.name} is a prospective supplier.")
            return redirect("suppliers:supplier_detail", org_slug=organization.slug, pk=supplier.pk)
    return render(request, "suppliers/supplier_form.html", {"form": form})


@org_view(read="records.view")
def supplier_detail(request, pk):
    """What a quality manager needs first: status, standing, certificates, open 8Ds (four
    queries); the rest are panels read as they scroll into view (``views/panels.py``)."""
    organization = request.organization
    found = governance_selectors.suppliers_with_standing(organization=organization)
    supplier = get_object_or_404(found, pk=pk)
    certificates = list(
        certificate_selectors.certificates(organization=organization)
        .filter(supplier=supplier)
        .order_by("type", "-valid_to", "-id")
    )
    flags = certificate_selectors.flags_of(certificates, organization)
    can_transition = policy.can(request.membership, approval.TRANSITION_PERMISSION)
    context = {
        "supplier": supplier,
        "party": supplier.party,
        "record": supplier,
        "certificates": certificate_selectors.with_validity(certificates, organization),
        "certificate_gaps": certificate_selectors.certificate_gaps(supplier.status, flags),
        "can_change": policy.can(request.membership, "records.change"),
        "actions": approval.allowed_actions(supplier.status) if can_transition else [],
        "can_transition": can_transition,
        "can_decide": can_transition,
        "panels": panels.PANELS,
    }
    return render(request, "suppliers/supplier_detail.html", context)


@org_view(read="records.change", write="records.change")
def supplier_edit(request, pk):
    organization = request.organization
    supplier = get_object_or_404(Supplier.objects.select_related("party"), pk=pk)
    form = SupplierForm(request.POST or None, instance=supplier, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.supplier_update(
                organization=organization,
                actor=request.user,
                supplier=supplier,
                data=form.service_data(),
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("suppliers:supplier_detail", org_slug=organization.slug, pk=supplier.pk)
    context = {"form": form, "reason_form": reason_form, "supplier": supplier}
    return render(request, "suppliers/supplier_form.html", context)
