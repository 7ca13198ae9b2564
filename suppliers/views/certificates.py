"""Pages of suppliers' certificates: the organisation's list, add, change, delete, and the
download (the only way to a file: permission-checked, as an attachment). Thin: parse, call,
render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt.core.access import org_view
from relmgmt.core.as_of import as_of_day
from relmgmt.core.exports import Column, ListExport, export_as_of_response, export_response
from relmgmt.core.files import megabytes, private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.certificates import CertificateFilter
from suppliers.forms.certificates import CertificateDeleteForm, CertificateForm
from suppliers.selectors import as_of as as_of_selectors
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import register as register_selectors
from suppliers.services import certificates as services


def _limit() -> str:
    return megabytes(services.max_bytes())


def _status(certificate) -> str:
    """The page's status badges in words: replaced or its validity, and an upload's review."""
    status = "Replaced" if certificate.replaced else certificate.validity_label
    if certificate.status != "accepted":
        status = f"{status}; {certificate.get_status_display()}"
    return status


# The certificates list and its export.
CERTIFICATE_EXPORT = ListExport(
    name="certificates",
    sheet="Certificates",
    filterset=CertificateFilter,
    queryset=certificate_selectors.certificates,
    prepare=lambda organization, rows: certificate_selectors.with_validity(rows, organization),
    columns=[
        Column("Supplier", lambda certificate: certificate.supplier.party.name),
        Column("Code", lambda certificate: certificate.supplier.code),
        Column("Type", lambda certificate: certificate.get_type_display()),
        Column("Issuer", lambda certificate: certificate.issuer),
        Column("Number", lambda certificate: certificate.number),
        Column("Valid from", lambda certificate: certificate.valid_from),
        Column("Valid to", lambda certificate: certificate.valid_to),
        Column("Status", _status),
        Column("File", lambda certificate: certificate.original_name),
    ],
)


@org_view(read=CERTIFICATE_EXPORT.permission)
def certificate_export(request, fmt):
    """The certificate list as filtered, or as it stood at the end of ``?as_of=``."""
    form, day = as_of_day(request)
    if form.errors:
        return HttpResponseBadRequest(" ".join(form.errors["as_of"]))
    if day is None:
        return export_response(request, CERTIFICATE_EXPORT, fmt)
    rows = as_of_selectors.certificate_list_as_of(organization=request.organization, day=day)
    return export_as_of_response(request, CERTIFICATE_EXPORT, fmt, rows, day=day)


@org_view(read="records.view")
def certificate_list(request):
    organization = request.organization
    as_of_form, day = as_of_day(request)
    if day is not None:
        rows = as_of_selectors.certificate_list_as_of(organization=organization, day=day)
        context = {"page": paginate(request, rows), "as_of_form": as_of_form, "day": day}
        return render(request, "suppliers/certificate_list_as_of.html", context)
    found = CERTIFICATE_EXPORT.filter(request)
    page = paginate(request, found.qs)
    certificate_selectors.with_validity(page.object_list, organization)
    context = {"filter": found, "page": page, "as_of_form": as_of_form}
    return render_page_or_fragment(request, "suppliers/certificate_list.html", "results", context)


@org_view(read="records.change", write="records.change")
def certificate_create(request, pk):
    organization = request.organization
    supplier = get_object_or_404(register_selectors.suppliers(organization=organization), pk=pk)
    form = CertificateForm(request.POST or None, request.FILES or None, max_megabytes=_limit())
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_create(
                organization=organization,
                actor=request.user,
                supplier=supplier,
                data=form.service_data(),
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The certificate is added.")
            return _to_supplier(organization, supplier.pk)
    return render(request, "suppliers/certificate_form.html", {"form": form, "supplier": supplier})


@org_view(read="records.change", write="records.change")
def certificate_edit(request, pk):
    organization = request.organization
    certificate = get_object_or_404(
        certificate_selectors.certificates(organization=organization), pk=pk
    )
    form = CertificateForm(
        request.POST or None,
        request.FILES or None,
        certificate=certificate,
        max_megabytes=_limit(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_update(
                organization=organization,
                actor=request.user,
                certificate=certificate,
                data=form.service_data(),
                upload=form.cleaned_data["file"] or None,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return _to_supplier(organization, certificate.supplier_id)
    context = {"form": form, "supplier": certificate.supplier, "certificate": certificate}
    return render(request, "suppliers/certificate_form.html", context)


@org_view(read="records.change", write="records.change")
def certificate_delete(request, pk):
    organization = request.organization
    certificate = get_object_or_404(
        certificate_selectors.certificates(organization=organization), pk=pk
    )
    form = CertificateDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_delete(
                organization=organization,
                actor=request.user,
                certificate=certificate,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, f"The certificate {certificate} is deleted.")
            return _to_supplier(organization, certificate.supplier_id)
    context = {"form": form, "certificate": certificate, "supplier": certificate.supplier}
    return render(request, "suppliers/certificate_delete.html", context)


@org_view(read="records.view")
def certificate_download(request, pk):
    certificate = get_object_or_404(
        certificate_selectors.certificates(organization=request.organization), pk=pk
    )
    if not certificate.file:  # brought in by the history import, without its file
        raise Http404("This certificate was imported without a file.")
    return private_download(
        certificate.file, filename=certificate.original_name, content_type=certificate.content_type
    )


def _to_supplier(organization, supplier_id):
    response = redirect("suppliers:supplier_detail", org_slug=organization.slug, pk=supplier_id)
    response["Location"] += "#certificates"
    return response
