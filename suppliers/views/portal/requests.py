"""The supplier portal's requests: what the buyer asks of the supplier, the supplier's response
(with an optional file) and the response's file."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt.core.access import org_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from suppliers.forms.requests import RespondForm
from suppliers.selectors import requests as request_selectors
from suppliers.services import requests as request_services
from suppliers.views.portal.base import PORTAL, own, section_context


@org_view(read=PORTAL)
def request_list(request):
    requests = list(request_selectors.portal_requests(**own(request))[:200])
    return render(
        request, "portal/requests.html", section_context(request, "requests", requests=requests)
    )


@org_view(read=PORTAL, write=PORTAL)
def request_detail(request, pk):
    supplier_request = get_object_or_404(request_selectors.portal_requests(**own(request)), pk=pk)
    form = RespondForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_services.request_respond(
                organization=request.organization,
                actor=request.user,
                request=supplier_request,
                response=form.cleaned_data["response"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Your response is sent.")
            return redirect("portal:request_detail", org_slug=request.organization.slug, pk=pk)
    context = section_context(request, "requests", supplier_request=supplier_request, form=form)
    return render(request, "portal/request_detail.html", context)


@org_view(read=PORTAL)
def request_download(request, pk):
    supplier_request = get_object_or_404(request_selectors.portal_requests(**own(request)), pk=pk)
    return private_download(
        supplier_request.response_file,
        filename=supplier_request.response_file_name,
        content_type=supplier_request.response_content_type,
    )
