"""Pages of purchase spend per supplier, category and year: the list, enter, change, delete,
and import from a file. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.import_views import ImportPages
from relmgmt.core.pagination import paginate
from suppliers.filters.spend import SpendFilter
from suppliers.forms.spend import DeleteForm, SpendForm
from suppliers.selectors import spend as selectors
from suppliers.services import spend as services

IMPORT_PAGES = ImportPages(
    kinds={services.IMPORT.key: services.IMPORT},
    namespace="suppliers",
    section_label="Spend",
    section_url="suppliers:spend_list",
    kind_in_url=False,
    url_prefix="spend_",
)

SPEND_EXPORT = ListExport(
    name="supplier-spend",
    sheet="Spend",
    filterset=SpendFilter,
    queryset=selectors.spends,
    columns=[
        Column("Year", lambda spend: spend.year),
        Column("Category", lambda spend: spend.get_category_display()),
        Column("Code", lambda spend: spend.supplier.code),
        Column("Supplier", lambda spend: spend.supplier.party.name),
        Column("Amount", lambda spend: spend.amount),
    ],
)
spend_export = export_view(SPEND_EXPORT)


@org_view(read="records.view")
def spend_list(request):
    organization = request.organization
    found = SPEND_EXPORT.filter(request)
    context = {
        "filter": found,
        "page": paginate(request, found.qs),
        "share": selectors.single_source_share(organization),
        "this_year": organization_today(organization).year,
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render_page_or_fragment(request, "suppliers/spend/list.html", "results", context)


def _spend(request, pk):
    return get_object_or_404(selectors.spends(organization=request.organization), pk=pk)


@org_view(read="records.change", write="records.change")
def spend_create(request):
    organization = request.organization
    initial = {
        name: request.GET[name]
        for name in ("supplier", "category", "year")
        if request.GET.get(name)
    }
    form = SpendForm(request.POST or None, initial=initial or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            spend = services.spend_create(
                organization=organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Spend with {spend.supplier.code} in {spend} recorded.")
            return redirect("suppliers:spend_list", org_slug=organization.slug)
    return render(request, "suppliers/spend/form.html", {"form": form})


@org_view(read="records.change", write="records.change")
def spend_edit(request, pk):
    organization = request.organization
    spend = _spend(request, pk)
    form = SpendForm(request.POST or None, instance=spend, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.spend_update(
                organization=organization,
                actor=request.user,
                spend=spend,
                data=form.service_data(),
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("suppliers:spend_list", org_slug=organization.slug)
    context = {"form": form, "reason_form": reason_form, "spend": spend}
    return render(request, "suppliers/spend/form.html", context)


@org_view(read="records.change", write="records.change")
def spend_delete(request, pk):
    organization = request.organization
    spend = _spend(request, pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.spend_delete(
                organization=organization,
                actor=request.user,
                spend=spend,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Spend with {spend.supplier.code} in {spend} deleted.")
            return redirect("suppliers:spend_list", org_slug=organization.slug)
    return render(request, "suppliers/spend/delete.html", {"form": form, "spend": spend})


@org_view(read="records.change", write="records.change")
def spend_import_upload(request):
    return IMPORT_PAGES.upload(request)


@org_view(read="records.change", write="records.change")
def spend_import_preview(request):
    return IMPORT_PAGES.preview(request)


@org_view(read="records.change")
def spend_import_template(request):
    return IMPORT_PAGES.template(request)
