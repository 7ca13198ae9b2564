"""The supplier portal's pages: overview, profile and proposed changes, certificates,
requests, notifications. Every read names the member's own supplier, so another supplier's
id is not found (404). Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt.core.forms import apply_service_errors
from relmgmt.notifications import selectors as notification_selectors
from relmgmt.tenancy.access import org_view
from suppliers.forms.certificates import PortalCertificateForm
from suppliers.forms.portal import AddressProposalForm, ContactProposalForm
from suppliers.forms.requests import RespondForm
from suppliers.models.certificates import CertificateStatus
from suppliers.models.portal import ProfileChangeKind, ProfileChangeStatus
from suppliers.models.requests import AWAITING_SUPPLIER
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import portal as portal_selectors
from suppliers.selectors import questionnaires as questionnaire_selectors
from suppliers.selectors import requests as request_selectors
from suppliers.services import certificates as certificate_services
from suppliers.services import portal as portal_services
from suppliers.services import requests as request_services
from suppliers.views.certificates import _limit, attachment, with_validity
from suppliers.views.requests import response_attachment

PORTAL = "portal.use"


def _context(request, section: str, **extra) -> dict:
    return {"supplier": request.membership.supplier, "portal_section": section, **extra}


def _ids(request) -> dict:
    return {"organization": request.organization, "supplier": request.membership.supplier}


def overview(request) -> dict:
    """What the portal's overview shows: what waits for the supplier, and its profile."""
    organization = request.organization
    certificates = with_validity(
        list(certificate_selectors.portal_certificates(**_ids(request))), organization
    )
    requests = list(
        request_selectors.portal_requests(**_ids(request)).filter(status__in=AWAITING_SUPPLIER)
    )
    return {
        "certificates_attention": [
            c
            for c in certificates
            if c.status == CertificateStatus.ACCEPTED
            and not c.replaced
            and c.validity in ("expiring", "expired")
        ],
        "certificates_pending": [c for c in certificates if c.status == CertificateStatus.PENDING],
        "open_requests": requests,
        "open_questionnaires": list(
            questionnaire_selectors.requests_of_supplier(
                organization=organization, supplier=request.membership.supplier
            )
            .filter(status__in=questionnaire_selectors.AWAITING_SUPPLIER)
            .select_related("template")
            .order_by("due_date", "id")
        ),
        "pending_changes": portal_selectors.portal_profile_changes(**_ids(request))
        .filter(status=ProfileChangeStatus.PENDING)
        .count(),
        "unread": notification_selectors.unread_count(organization=organization, user=request.user),
        "certificate_count": len(certificates),
    }


# --- Profile ---------------------------------------------------------------------------


@org_view(read=PORTAL)
def profile(request):
    ids = _ids(request)
    context = _context(
        request,
        "profile",
        party=request.membership.supplier.party,
        contacts=list(portal_selectors.portal_contacts(**ids)),
        changes=list(portal_selectors.portal_profile_changes(**ids)[:50]),
    )
    return render(request, "portal/profile.html", context)


def _propose(request, form, *, kind, contact=None, fields):
    try:
        portal_services.profile_change_propose(
            organization=request.organization,
            actor=request.user,
            supplier=request.membership.supplier,
            kind=kind,
            contact=contact,
            data={field: form.cleaned_data.get(field) for field in fields},
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return None
    messages.success(request, "Your proposal is sent; your customer reviews it.")
    return redirect("portal:profile", org_slug=request.organization.slug)


CONTACT_FIELDS = ("name", "job_title", "email", "phone")


@org_view(read=PORTAL, write=PORTAL)
def contact_propose(request):
    form = ContactProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _propose(request, form, kind=ProfileChangeKind.CONTACT_ADD, fields=CONTACT_FIELDS)
        if done:
            return done
    context = _context(request, "profile", form=form, title="Propose a new contact")
    return render(request, "portal/propose.html", context)


@org_view(read=PORTAL, write=PORTAL)
def contact_change_propose(request, pk):
    contact = get_object_or_404(portal_selectors.portal_contacts(**_ids(request)), pk=pk)
    initial = {field: getattr(contact, field) for field in CONTACT_FIELDS}
    form = ContactProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _propose(
            request,
            form,
            kind=ProfileChangeKind.CONTACT_CHANGE,
            contact=contact,
            fields=CONTACT_FIELDS,
        )
        if done:
            return done
    context = _context(request, "profile", form=form, title=f"Propose a change of {contact}")
    return render(request, "portal/propose.html", context)


@org_view(read=PORTAL, write=PORTAL)
def address_propose(request):
    party = request.membership.supplier.party
    form = AddressProposalForm(request.POST or None, initial={"address": party.address})
    if request.method == "POST" and form.is_valid():
        done = _propose(request, form, kind=ProfileChangeKind.ADDRESS, fields=("address",))
        if done:
            return done
    context = _context(request, "profile", form=form, title="Propose a new address")
    return render(request, "portal/propose.html", context)


# --- Certificates ----------------------------------------------------------------------


@org_view(read=PORTAL)
def certificate_list(request):
    certificates = with_validity(
        list(certificate_selectors.portal_certificates(**_ids(request))), request.organization
    )
    context = _context(request, "certificates", certificates=certificates)
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
        request, "portal/certificate_form.html", _context(request, "certificates", form=form)
    )


@org_view(read=PORTAL)
def certificate_download(request, pk):
    certificate = get_object_or_404(
        certificate_selectors.portal_certificates(**_ids(request)), pk=pk
    )
    return attachment(certificate)


# --- Requests --------------------------------------------------------------------------


@org_view(read=PORTAL)
def request_list(request):
    requests = list(request_selectors.portal_requests(**_ids(request))[:200])
    return render(request, "portal/requests.html", _context(request, "requests", requests=requests))


@org_view(read=PORTAL, write=PORTAL)
def request_detail(request, pk):
    supplier_request = get_object_or_404(request_selectors.portal_requests(**_ids(request)), pk=pk)
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
    context = _context(request, "requests", supplier_request=supplier_request, form=form)
    return render(request, "portal/request_detail.html", context)


@org_view(read=PORTAL)
def request_download(request, pk):
    supplier_request = get_object_or_404(request_selectors.portal_requests(**_ids(request)), pk=pk)
    return response_attachment(supplier_request)


# --- Notifications ---------------------------------------------------------------------


@org_view(read=PORTAL)
def notification_list(request):
    notifications = notification_selectors.notifications_of(
        organization=request.organization, user=request.user
    )
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    for notification in page.object_list:
        notification.portal_url = portal_selectors.portal_link(
            request.organization, notification.url
        )
    return render(
        request, "portal/notifications.html", _context(request, "notifications", page=page)
    )
