"""Pages of deliveries: the organisation-wide list, add, see, change, delete, and import
from a file. Thin: parse, call a service or selector, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.import_views import ImportPages
from relmgmt.core.pagination import paginate
from suppliers.filters.deliveries import DeliveryFilter
from suppliers.forms.deliveries import DeleteForm, DeliveryForm
from suppliers.selectors import deliveries as selectors
from suppliers.services import deliveries as services

IMPORT_PAGES = ImportPages(
    kinds={services.IMPORT.key: services.IMPORT},
    namespace="suppliers",
    section_label="Deliveries",
    section_url="suppliers:delivery_list",
    kind_in_url=False,
    url_prefix="delivery_",
)


# The deliveries list and its export.
DELIVERY_EXPORT = ListExport(
    name="deliveries",
    sheet="Deliveries",
    filterset=DeliveryFilter,
    queryset=selectors.deliveries,
    columns=[
        Column("Received", lambda delivery: delivery.received_date),
        Column("Promised", lambda delivery: delivery.promised_date),
        Column("Code", lambda delivery: delivery.supplier.code),
        Column("Supplier", lambda delivery: delivery.supplier.party.name),
        Column("Order", lambda delivery: delivery.order_reference),
        Column("Item", lambda delivery: delivery.item),
        Column("Ordered", lambda delivery: delivery.quantity_ordered),
        Column("Received qty", lambda delivery: delivery.quantity_received),
        Column("Rejected", lambda delivery: delivery.quantity_rejected),
        Column("Days late", lambda delivery: delivery.days_late),
        Column("Over-delivered", lambda delivery: "yes" if delivery.over_delivery else "no"),
    ],
)
delivery_export = export_view(DELIVERY_EXPORT)


@org_view(read="records.view")
def delivery_list(request):
    found = DELIVERY_EXPORT.filter(request)
    context = {
        "filter": found,
        "page": paginate(request, found.qs),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render_page_or_fragment(request, "suppliers/deliveries/list.html", "results", context)


def _delivery(request, pk):
    return get_object_or_404(selectors.deliveries(organization=request.organization), pk=pk)


@org_view(read="records.view")
def delivery_detail(request, pk):
    delivery = _delivery(request, pk)
    context = {
        "delivery": delivery,
        "record": delivery,
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "suppliers/deliveries/detail.html", context)


@org_view(read="records.change", write="records.change")
def delivery_create(request):
    organization = request.organization
    initial = {"supplier": request.GET.get("supplier")} if request.GET.get("supplier") else None
    form = DeliveryForm(request.POST or None, initial=initial, organization=organization)
    if request.method == "POST" and form.is_valid():
        try:
            delivery = services.delivery_create(
                organization=organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            note = " More was received than ordered: flagged." if delivery.over_delivery else ""
            messages.success(request, f"Delivery {delivery.order_reference} recorded.{note}")
            return redirect("suppliers:delivery_detail", org_slug=organization.slug, pk=delivery.pk)
    return render(request, "suppliers/deliveries/form.html", {"form": form})


@org_view(read="records.change", write="records.change")
def delivery_edit(request, pk):
    organization = request.organization
    delivery = _delivery(request, pk)
    form = DeliveryForm(request.POST or None, instance=delivery, organization=organization)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.delivery_update(
                organization=organization,
                actor=request.user,
                delivery=delivery,
                data=form.service_data(),
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("suppliers:delivery_detail", org_slug=organization.slug, pk=delivery.pk)
    context = {"form": form, "reason_form": reason_form, "delivery": delivery}
    return render(request, "suppliers/deliveries/form.html", context)


@org_view(read="records.change", write="records.change")
def delivery_delete(request, pk):
    organization = request.organization
    delivery = _delivery(request, pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_delete(
                organization=organization,
                actor=request.user,
                delivery=delivery,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"Delivery {delivery.order_reference} deleted.")
            return redirect("suppliers:delivery_list", org_slug=organization.slug)
    return render(request, "suppliers/deliveries/delete.html", {"form": form, "delivery": delivery})


@org_view(read="records.change", write="records.change")
def delivery_import_upload(request):
    return IMPORT_PAGES.upload(request)


@org_view(read="records.change", write="records.change")
def delivery_import_preview(request):
    return IMPORT_PAGES.preview(request)


@org_view(read="records.change")
def delivery_import_template(request):
    return IMPORT_PAGES.template(request)
