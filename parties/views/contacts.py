"""Pages of a party's contacts: the list, a contact with its consent, the personal-data
export and the erasure (GDPR). Thin: parse, call a service or selector, render."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from parties.filters.contacts import ContactFilter
from parties.forms.contacts import ConsentForm, ContactForm, EraseForm, WithdrawConsentForm
from parties.models import Contact, Party
from parties.selectors import contacts as contact_selectors
from parties.selectors import interactions as interaction_selectors
from parties.services import contacts as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.files import attachment_response
from relmgmt.core.forms import ReasonForm, apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate


@org_view(read="records.view")
def contact_list(request):
    contacts = ContactFilter(
        request.GET,
        queryset=contact_selectors.contacts(organization=request.organization),
        request=request,
    )
    context = {"filter": contacts, "page": paginate(request, contacts.qs)}
    return render_page_or_fragment(request, "parties/contact_list.html", "results", context)


@org_view(read="records.view")
def contact_detail(request, pk):
    organization = request.organization
    contact = get_object_or_404(contact_selectors.contacts(organization=organization), pk=pk)
    context = {
        "contact": contact,
        "party": contact.party,
        "interactions": interaction_selectors.interactions(
            organization=organization, contact=contact
        ),
        "can_change": policy.can(request.membership, "records.change"),
        "can_export": policy.can(request.membership, "evidence.export"),
        "consent_form": ConsentForm(),
        "withdraw_form": WithdrawConsentForm(),
    }
    return render(request, "parties/contact_detail.html", context)


@org_view(read="records.change", write="records.change")
def contact_create(request, pk):
    organization = request.organization
    party = get_object_or_404(Party.objects, pk=pk)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(
                organization=organization, actor=request.user, party=party, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The contact is recorded. Record their consent next.")
            return redirect("parties:contact_detail", org_slug=organization.slug, pk=contact.pk)
    return render(request, "parties/contact_form.html", {"form": form, "party": party})


@org_view(read="records.change", write="records.change")
def contact_edit(request, pk):
    organization = request.organization
    contact = get_object_or_404(Contact.objects.select_related("party"), pk=pk)
    if contact.erased_at:
        messages.warning(request, "This contact's data were erased; it cannot be changed.")
        return redirect("parties:contact_detail", org_slug=organization.slug, pk=contact.pk)
    form = ContactForm(request.POST or None, instance=contact)
    reason_form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and reason_form.is_valid():
        try:
            services.contact_update(
                organization=organization,
                actor=request.user,
                contact=contact,
                data=form.cleaned_data,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("parties:contact_detail", org_slug=organization.slug, pk=contact.pk)
    context = {"form": form, "reason_form": reason_form, "party": contact.party, "contact": contact}
    return render(request, "parties/contact_form.html", context)


@org_view(read="records.change", write="records.change")
def contact_consent(request, pk):
    """Record the contact's consent to be contacted (given when, and how)."""
    organization = request.organization
    contact = get_object_or_404(Contact.objects.select_related("party"), pk=pk)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                organization=organization,
                actor=request.user,
                contact=contact,
                given_at=form.cleaned_data["given_at"],
                method=form.cleaned_data["method"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Consent is recorded.")
            return redirect("parties:contact_detail", org_slug=organization.slug, pk=contact.pk)
    context = {"form": form, "contact": contact, "party": contact.party, "action": "consent"}
    return render(request, "parties/contact_consent.html", context)


@org_view(read="records.change", write="records.change")
def contact_consent_withdraw(request, pk):
    organization = request.organization
    contact = get_object_or_404(Contact.objects.select_related("party"), pk=pk)
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                organization=organization,
                actor=request.user,
                contact=contact,
                withdrawn_at=form.cleaned_data["withdrawn_at"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Consent is withdrawn: do not contact this person.")
            return redirect("parties:contact_detail", org_slug=organization.slug, pk=contact.pk)
    context = {"form": form, "contact": contact, "party": contact.party, "action": "withdraw"}
    return render(request, "parties/contact_consent.html", context)


@org_view(read="evidence.export")
def contact_export(request, pk):
    """One contact's personal data as a JSON download (a subject access request)."""
    organization = request.organization
    contact = get_object_or_404(contact_selectors.contacts(organization=organization), pk=pk)
    data = {
        "organization": organization.name,
        "exported_at": timezone.now(),
        **contact_selectors.contact_personal_data(organization=organization, contact=contact),
    }
    return attachment_response(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        filename=f"contact-{contact.pk}.json",
        content_type="application/json; charset=utf-8",
    )


@org_view(read="records.change", write="records.change")
def contact_erase(request, pk):
    """Erase the contact's personal data, history included, after an explicit confirmation."""
    organization = request.organization
    contact = get_object_or_404(Contact.objects.select_related("party"), pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_erase(
                organization=organization,
                actor=request.user,
                contact=contact,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The contact's personal data are erased, history included.")
            return redirect("parties:contact_detail", org_slug=organization.slug, pk=contact.pk)
    context = {"form": form, "contact": contact, "party": contact.party}
    return render(request, "parties/contact_erase.html", context)
