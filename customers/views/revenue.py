"""Pages of revenue per customer: the list, enter, change, delete, import from a file, and
mark a customer lost. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from customers.filters.revenue import RevenueFilter
from customers.forms.revenue import DeleteForm, LossForm, RevenueForm
from customers.selectors import revenue as selectors
from customers.services import revenue as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.import_views import ImportPages
from relmgmt.core.pagination import paginate

IMPORT_PAGES = ImportPages(
    kinds={services.IMPORT.key: services.IMPORT},
    namespace="customers",
    section_label="Revenue",
    section_url="customers:revenue_list",
    kind_in_url=False,
    url_prefix="revenue_",
)

REVENUE_EXPORT = ListExport(
    name="customer-revenue",
    sheet="Revenue",
    filterset=RevenueFilter,
    queryset=selectors.revenues,
    columns=[
        Column("Customer", lambda revenue: revenue.party.name),
        Column("Period", lambda revenue: revenue.period_label),
        Column("Period start", lambda revenue: revenue.period_start),
        Column("Kind", lambda revenue: revenue.period_kind),
        Column("Revenue", lambda revenue: revenue.amount),
        Column("Category spend", lambda revenue: revenue.category_spend),
        Column("Margin", lambda revenue: revenue.margin),
    ],
)
revenue_export = export_view(REVENUE_EXPORT)


@org_view(read="records.view")
def revenue_list(request):
    found = REVENUE_EXPORT.filter(request)
    context = {
        "filter": found,
        "page": paginate(request, found.qs),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render_page_or_fragment(request, "customers/revenue/list.html", "results", context)


def _revenue(request, pk):
    return get_object_or_404(selectors.revenues(organization=request.organization), pk=pk)


@org_view(read="records.change", write="records.change")
def revenue_create(request):
    organization = request.organization
    initial = {"party": request.GET.get("party")} if request.GET.get("party") else None
    form = RevenueForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            revenue = services.revenue_create(
                organization=organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Revenue of {revenue} recorded.")
            return redirect("customers:revenue_list", org_slug=organization.slug)
    return render(request, "customers/revenue/form.html", {"form": form})


@org_view(read="records.change", write="records.change")
def revenue_edit(request, pk):
    organization = request.organization
    revenue = _revenue(request, pk)
    form = RevenueForm(request.POST or None, instance=revenue, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.revenue_update(
                organization=organization,
                actor=request.user,
                revenue=revenue,
                data=form.service_data(),
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("customers:revenue_list", org_slug=organization.slug)
    context = {"form": form, "reason_form": reason_form, "revenue": revenue}
    return render(request, "customers/revenue/form.html", context)


@org_view(read="records.change", write="records.change")
def revenue_delete(request, pk):
    organization = request.organization
    revenue = _revenue(request, pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revenue_delete(
                organization=organization,
                actor=request.user,
                revenue=revenue,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Revenue of {revenue} deleted.")
            return redirect("customers:revenue_list", org_slug=organization.slug)
    return render(request, "customers/revenue/delete.html", {"form": form, "revenue": revenue})


@org_view(read="records.change", write="records.change")
def loss_create(request):
    organization = request.organization
    initial = {"party": request.GET.get("party")} if request.GET.get("party") else None
    form = LossForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            loss = services.loss_mark(
                organization=organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"{loss.party} marked lost.")
            return redirect("customers:figures", org_slug=organization.slug)
    return render(request, "customers/loss_form.html", {"form": form})


@org_view(read="records.change", write="records.change")
def revenue_import_upload(request):
    return IMPORT_PAGES.upload(request)


@org_view(read="records.change", write="records.change")
def revenue_import_preview(request):
    return IMPORT_PAGES.preview(request)


@org_view(read="records.change")
def revenue_import_template(request):
    return IMPORT_PAGES.template(request)
