"""Reads of contacts, and everything the register holds about one contact (a subject
access request), shared by the pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from parties.models import Contact, Party
from parties.selectors.interactions import interactions

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def contacts(*, organization: Organization, party: Party | None = None) -> QuerySet[Contact]:
    queryset = Contact.objects.filter(organization=organization).select_related("party")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset


def contact_personal_data(*, organization: Organization, contact: Contact) -> dict:
    """Everything the register holds about one contact, for a subject access request."""
    taken_part = interactions(organization=organization, contact=contact).order_by("occurred_on")
    return {
        "contact": {
            "id": contact.pk,
            "party": contact.party.name,
            "name": contact.name,
            "job_title": contact.job_title,
            "email": contact.email,
            "phone": contact.phone,
            "preferred_channel": contact.preferred_channel,
            "created_at": contact.created_at,
            "updated_at": contact.updated_at,
            "erased_at": contact.erased_at,
        },
        "consent": {
            "may_be_contacted": contact.has_consent,
            "given_at": contact.consent_given_at,
            "method": contact.consent_method,
            "withdrawn_at": contact.consent_withdrawn_at,
        },
        "interactions": [
            {
                "id": interaction.pk,
                "party": interaction.party.name,
                "kind": interaction.kind,
                "occurred_on": interaction.occurred_on,
                "summary": interaction.summary,
                "decisions": interaction.decisions,
            }
            for interaction in taken_part
        ],
    }
