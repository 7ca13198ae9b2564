"""The supplier portal's certificates: the supplier's own list, its uploads (waiting for the
buyer's acceptance) and their files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt.core.access import org_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from suppliers.forms.certificates import PortalCertificateForm
from suppliers.selectors import certificates as certificate_selectors
from suppliers.services import certificates as certificate_services
from suppliers.views.certificates import _limit
from suppliers.views.portal.base import PORTAL, own, section_context


@org_view(read=PORTAL)
def certificate_list(request):
    certificates = certificate_selectors.with_validity(
        list(certificate_selectors.portal_certificates(**own(request))), request.organization
    )
    context = section_context(request, "certificates", certificates=certificates)
    return render(request, "portal/certificates.html", context)


@org_view(read=PORTAL, write=PORTAL)
def certificate_upload(request):
    form = PortalCertificateForm(
        request.POST or None, request.FILES or None, max_megabytes=_limit()
    )
    if request.method == "POST" and form.is_valid():
        try:
            certificate_services.certificate_upload_by_supplier(
                organization=request.organization,
                actor=request.user,
                supplier=request.membership.supplier,
                data=form.service_data(),
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The certificate is uploaded; your customer reviews it.")
            return redirect("portal:certificate_list", org_slug=request.organization.slug)
    return render(
        request, "portal/certificate_form.html", section_context(request, "certificates", form=form)
    )


@org_view(read=PORTAL)
def certificate_download(request, pk):
    certificate = get_object_or_404(
        certificate_selectors.portal_certificates(**own(request)), pk=pk
    )
    return private_download(
        certificate.file, filename=certificate.original_name, content_type=certificate.content_type
    )
