"""The buyer's pages of requests to suppliers: list, raise, read, return, close, and the
response's file. Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.requests import SupplierRequestFilter
from suppliers.forms.requests import CloseForm, ReturnForm, SupplierRequestForm
from suppliers.selectors import register as register_selectors
from suppliers.selectors import requests as request_selectors
from suppliers.services import requests as services


@org_view(read="records.view")
def request_list(request):
    organization = request.organization
    found = SupplierRequestFilter(
        request.GET,
        queryset=request_selectors.supplier_requests(organization=organization),
        request=request,
    )
    page = paginate(request, found.qs)
    context = {"filter": found, "page": page}
    return render_page_or_fragment(request, "suppliers/requests/list.html", "results", context)


@org_view(read="records.change", write="records.change")
def request_create(request, pk):
    organization = request.organization
    supplier = get_object_or_404(register_selectors.suppliers(organization=organization), pk=pk)
    form = SupplierRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_raise(
                organization=organization,
                actor=request.user,
                supplier=supplier,
                data=form.service_data(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The request is sent to {supplier.name}.")
            return redirect("suppliers:request_detail", org_slug=organization.slug, pk=created.pk)
    return render(request, "suppliers/requests/form.html", {"form": form, "supplier": supplier})


def _request(request, pk):
    return get_object_or_404(
        request_selectors.supplier_requests(organization=request.organization), pk=pk
    )


@org_view(read="records.view")
def request_detail(request, pk):
    supplier_request = _request(request, pk)
    context = {
        "supplier_request": supplier_request,
        "supplier": supplier_request.supplier,
        "record": supplier_request,
        "can_change": policy.can(request.membership, "records.change"),
        "return_form": ReturnForm(),
        "close_form": CloseForm(),
    }
    return render(request, "suppliers/requests/detail.html", context)


@org_view(read="records.change", write="records.change")
def request_return(request, pk):
    organization = request.organization
    supplier_request = _request(request, pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.request_return(
                organization=organization,
                actor=request.user,
                request=supplier_request,
                comment=form.cleaned_data["comment"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The request is returned to the supplier.")
            return redirect("suppliers:request_detail", org_slug=organization.slug, pk=pk)
    context = {"form": form, "supplier_request": supplier_request, "action": "return"}
    return render(request, "suppliers/requests/decide.html", context)


@require_POST
@org_view(read="records.change", write="records.change")
def request_close(request, pk):
    organization = request.organization
    supplier_request = _request(request, pk)
    form = CloseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        services.request_close(
            organization=organization,
            actor=request.user,
            request=supplier_request,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The request is closed.")
    return redirect("suppliers:request_detail", org_slug=organization.slug, pk=pk)


@org_view(read="records.view")
def request_download(request, pk):
    supplier_request = _request(request, pk)
    return private_download(
        supplier_request.response_file,
        filename=supplier_request.response_file_name,
        content_type=supplier_request.response_content_type,
    )
