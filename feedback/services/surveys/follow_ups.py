"""Closing the loop on an unhappy survey answer: the follow-up records the contact made
with the respondent, the cause and the outcome, may raise a complaint from the answer
(channel "survey"), and marks the party's follow-up action done, all in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from feedback.models import SurveyResponse
from feedback.models.complaints import Category, Channel, Severity
from feedback.services import complaints as complaint_services
from parties.services import interactions as interaction_services
from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

MAX_TEXT = 5000


def _text(data: dict, name: str, label: str) -> str:
    value = str(data.get(name) or "").strip()
    if not value:
        raise ValidationError({name: f"Say {label}."})
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {name: f"This is {len(value):,} characters long; the limit is {MAX_TEXT:,}."}
        )
    return value


def loop_close(
    *,
    organization: Organization,
    actor: User | None,
    response: SurveyResponse,
    data: dict,
    at: datetime | None = None,
) -> SurveyResponse:
    """Close the loop on ``response`` (an answer that opened a follow-up). ``data``:
    ``contact_made``, ``cause`` (a complaint category), ``outcome``, and ``raise_complaint``
    with its ``severity`` to raise a complaint from the answer. Closing twice is refused.
    ``at`` is when it was closed (now by default; the demo's past passes its own)."""
    ensure_same_organization(organization=organization, record=response, field="response")
    contact_made = _text(data, "contact_made", "how and with whom contact was made")
    outcome = _text(data, "outcome", "what came of it")
    cause = data.get("cause") or ""
    if cause not in Category.values:
        raise ValidationError({"cause": "Choose the cause among the categories offered."})
    severity = data.get("severity") or Severity.MEDIUM
    if data.get("raise_complaint") and severity not in Severity.values:
        raise ValidationError({"severity": "Choose the complaint's severity."})
    with org_scope(organization), transaction.atomic():
        response = (
            SurveyResponse.objects.select_for_update(of=("self",))
            .select_related("recipient__contact", "campaign", "follow_up")
            .get(pk=response.pk)
        )
        if not response.follow_up_reason:
            raise ValidationError("This answer opened no follow-up: there is no loop to close.")
        if response.loop_closed_at is not None:
            raise ValidationError("The loop on this answer is closed already.")
        if data.get("raise_complaint"):
            response.complaint = complaint_services.complaint_create(
                organization=organization,
                actor=actor,
                data={
                    "party": response.party,
                    "contact": response.recipient.contact,
                    "channel": Channel.SURVEY,
                    "category": cause,
                    "severity": severity,
                    "subject": f"From a survey answer: {response.follow_up_reason}"[:200],
                    "description": f"Survey {response.campaign.name}: "
                    f"{response.follow_up_reason}.\n\nContact made: {contact_made}\n\n"
                    f"Outcome: {outcome}",
                },
            )
        response.loop_contact, response.loop_cause, response.loop_outcome = (
            contact_made,
            cause,
            outcome,
        )
        response.loop_closed_at = at or timezone.now()
        response.loop_closed_by = actor if getattr(actor, "is_authenticated", False) else None
        with acting_as(actor):
            response.save()
        if response.follow_up is not None:
            interaction_services.follow_up_set_done(
                organization=organization, actor=actor, follow_up=response.follow_up
            )
    return response
