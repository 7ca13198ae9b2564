"""The organisation's public complaint form and the complainant's status page: no
sign-in. The form has a honeypot and a rate limit per client; the status page opens only
with the signed link the complainant was sent, and shows the state and its steps, nothing
else of the organisation or the complaint."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from feedback.forms.complaints import PublicComplaintForm
from feedback.selectors import complaints as selectors
from feedback.services import complaints as services
from relmgmt.accounts.clients import client_ip
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.selectors import organization_by_slug

RATE_WINDOW_SECONDS = 600


def _organization(slug):
    organization = organization_by_slug(slug)
    if organization is None:
        raise Http404("No such form.")
    return organization


def _over_limit(organization, request) -> bool:
    """Count this client's posts to this organisation's form in the window."""
    key = f"complaint-form:{organization.pk}:{client_ip(request)}"
    cache.add(key, 0, RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW_SECONDS)
        count = 1
    return count > getattr(settings, "RELMGMT_COMPLAINT_FORM_RATE", 5)


@never_cache
def complaint_public_form(request, slug):
    organization = _organization(slug)
    form = PublicComplaintForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if _over_limit(organization, request):
            form.add_error(
                None, "Too many complaints were sent from here just now. Try again later."
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data["website"]:
                # A robot filled the honeypot: thank it, save nothing.
                return redirect("complaint_public_thanks", slug=slug)
            try:
                with org_scope(organization):
                    services.complaint_public_submit(
                        organization=organization,
                        data=form.service_data(),
                        uploads=form.cleaned_data["attachments"],
                    )
            except ValidationError as error:
                apply_service_errors(form, error)
                status = 400
            else:
                return redirect("complaint_public_thanks", slug=slug)
        else:
            status = 400
    context = {"form": form, "org_name": organization.name}
    return render(request, "feedback/public/complaint_form.html", context, status=status)


def complaint_public_thanks(request, slug):
    organization = _organization(slug)
    return render(request, "feedback/public/complaint_thanks.html", {"org_name": organization.name})


@never_cache
def complaint_public_status(request, slug, token):
    organization = _organization(slug)
    complaint = services.complaint_for_status(organization, token)
    if complaint is None:
        return render(request, "feedback/public/complaint_status_unknown.html", status=404)
    with org_scope(organization), timezone.override(ZoneInfo(organization.timezone)):
        events = list(
            selectors.timeline(organization=organization, complaint=complaint).values(
                "to_state", "at"
            )
        )
        labels = dict(complaint._meta.get_field("state").choices)
        steps = [(labels[event["to_state"]], event["at"]) for event in events]
        context = {
            "org_name": organization.name,
            "reference": complaint.reference,
            "state": complaint.get_state_display(),
            "steps": steps,
            "resolution": complaint.resolution
            if complaint.state in ("resolved", "closed", "rejected")
            else "",
        }
        return render(request, "feedback/public/complaint_status.html", context)
