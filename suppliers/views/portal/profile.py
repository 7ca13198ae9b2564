"""The supplier portal's profile page: the supplier's details and contacts, and the changes
it proposes to them (a contact to add or change, the address), which the buyer reviews.
Thin: parse, call, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors
from suppliers.forms.portal import AddressProposalForm, ContactProposalForm
from suppliers.models.portal import ProfileChangeKind
from suppliers.selectors import portal as portal_selectors
from suppliers.services import portal as portal_services
from suppliers.views.portal.base import PORTAL, own, section_context


@org_view(read=PORTAL)
def profile(request):
    ids = own(request)
    context = section_context(
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
    context = section_context(request, "profile", form=form, title="Propose a new contact")
    return render(request, "portal/propose.html", context)


@org_view(read=PORTAL, write=PORTAL)
def contact_change_propose(request, pk):
    contact = get_object_or_404(portal_selectors.portal_contacts(**own(request)), pk=pk)
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
    context = section_context(request, "profile", form=form, title=f"Propose a change of {contact}")
    return render(request, "portal/propose.html", context)


@org_view(read=PORTAL, write=PORTAL)
def address_propose(request):
    party = request.membership.supplier.party
    form = AddressProposalForm(request.POST or None, initial={"address": party.address})
    if request.method == "POST" and form.is_valid():
        done = _propose(request, form, kind=ProfileChangeKind.ADDRESS, fields=("address",))
        if done:
            return done
    context = section_context(request, "profile", form=form, title="Propose a new address")
    return render(request, "portal/propose.html", context)
