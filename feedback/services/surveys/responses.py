"""The respondent's side: finding the recipient a personal link names, checking and saving
the answers (once), opting out, and closing the loop on an unhappy answer.

Each response also becomes an interaction on the party's record (through the parties
services); an NPS or CSAT answer at or below the organisation's threshold opens a follow-up
for the party's owner, due in the set number of days and reminded by the reminder engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from feedback.models import (
    SurveyAnswer,
    SurveyCampaign,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
)
from feedback.models.surveys import (
    CHOICE_KINDS,
    MAX_TEXT_ANSWER,
    NUMERIC_KINDS,
    SurveyQuestionKind,
)
from feedback.organization_settings import survey_follow_up
from feedback.services.surveys.campaigns import _cancel_emails, link_token_read
from parties.models import FollowUp, Interaction
from parties.services import contacts as contact_services
from parties.services import interactions as interaction_services
from relmgmt.audit.context import acting_as
from relmgmt.audit.recorder import events_held
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


@dataclass
class LinkState:
    """What a personal link leads to: a recipient who may answer, or why not (``problem``:
    ``invalid`` for unknown or altered, ``expired``, ``answered``, ``opted_out``)."""

    recipient: SurveyRecipient | None
    problem: str = ""


def recipient_for_link(
    *, organization: Organization, value: str, now: datetime | None = None, lock: bool = False
) -> LinkState:
    """The recipient comes with its campaign and template. ``lock`` (for a service that
    writes, inside a transaction) locks its row until the transaction ends, reads it as it
    is once locked, and brings its contact and party too."""
    now = now or timezone.now()
    hashed = link_token_read(organization.pk, value)
    if hashed is None:
        return LinkState(None, "invalid")
    with org_scope(organization):
        # One row at most (the hash is unique in the organisation): no order to compile.
        recipients = SurveyRecipient.objects.filter(
            organization=organization, token_hash=hashed
        ).order_by()
        if lock:
            recipients = recipients.select_related(
                "campaign__template", "contact", "party"
            ).select_for_update(of=("self",))
        else:
            recipients = recipients.select_related("campaign__template")
        recipient = next(iter(recipients[:1]), None)
    if recipient is None:
        return LinkState(None, "invalid")
    if recipient.state == SurveyRecipient.State.ANSWERED:
        return LinkState(recipient, "answered")
    if recipient.state == SurveyRecipient.State.OPTED_OUT:
        return LinkState(recipient, "opted_out")
    if recipient.expires_at <= now:
        return LinkState(recipient, "expired")
    return LinkState(recipient)


def clean_answers(questions: list[SurveyQuestion], raw: dict[int, Any]) -> dict[int, dict]:
    """Each question's answer as the fields of a ``SurveyAnswer`` (number, choices, text),
    or a ValidationError naming every question in error (``question_<id>``)."""
    errors: dict[str, str] = {}
    cleaned: dict[int, dict] = {}
    for question in questions:
        value = raw.get(question.pk)
        if isinstance(value, str):
            value = value.strip()
        empty = value in (None, "", [], ())
        field = f"question_{question.pk}"
        if empty:
            if question.required:
                errors[field] = "Please answer this question."
            continue
        try:
            cleaned[question.pk] = _clean_one(question, value)
        except ValueError as error:
            errors[field] = str(error)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _clean_one(question: SurveyQuestion, value: Any) -> dict:
    kind = question.kind
    if kind in NUMERIC_KINDS:
        low, high = question.range or (0, 0)
        try:
            number = int(str(value))
        except (TypeError, ValueError):
            raise ValueError(f"Choose a whole number from {low} to {high}.") from None
        if not low <= number <= high:
            raise ValueError(f"Choose a number from {low} to {high}.")
        return {"number": number}
    if kind == SurveyQuestionKind.YES_NO:
        answer = {"yes": 1, "no": 0, True: 1, False: 0}.get(value)
        if answer is None:
            raise ValueError("Answer yes or no.")
        return {"number": answer}
    if kind in CHOICE_KINDS:
        values = value if isinstance(value, (list, tuple)) else [value]
        values = [str(item) for item in values]
        if kind == SurveyQuestionKind.SINGLE and len(values) != 1:
            raise ValueError("Choose one option.")
        unknown = [item for item in values if item not in question.options]
        if unknown:
            raise ValueError("Choose among the options shown.")
        return {"choices": [option for option in question.options if option in values]}
    text = str(value)
    if len(text) > MAX_TEXT_ANSWER:
        raise ValueError(
            f"Please keep this to {MAX_TEXT_ANSWER:,} characters (it has {len(text):,})."
        )
    return {"text": text}


def response_submit(
    *,
    organization: Organization,
    value: str,
    answers: dict[int, Any] | Callable[[list[SurveyQuestion]], dict[int, Any]],
    now: datetime | None = None,
) -> SurveyResponse | None:
    """Save the answers of the link's recipient, once. Returns the response, or None when the
    link was answered already (a second submit saves nothing). A link that may not answer
    raises ValidationError; answers in error raise it with the questions named.

    ``answers``: by question id, or a function that gives them from the link's questions in
    order (a page reads the posted value of each question it is given)."""
    now = now or timezone.now()
    try:
        return _submit(organization, value, answers, now)
    except IntegrityError:
        # A recipient has one response (a unique row). The lock makes a second submit wait
        # and see the first one's answer; should one get past it, nothing of it is saved and
        # it is answered as an answered link is.
        if _has_response(organization, value):
            return None
        raise


def _has_response(organization: Organization, value: str) -> bool:
    state = recipient_for_link(organization=organization, value=value)
    if state.recipient is None:
        return False
    with org_scope(organization):
        return SurveyResponse.objects.filter(
            organization=organization, recipient=state.recipient
        ).exists()


def _submit(
    organization: Organization,
    value: str,
    answers: dict[int, Any] | Callable[[list[SurveyQuestion]], dict[int, Any]],
    now: datetime,
) -> SurveyResponse | None:
    with org_scope(organization), transaction.atomic():
        # Locked, and read as it is once locked: a second submit waits here, then sees
        # the first one's answer.
        state = recipient_for_link(organization=organization, value=value, now=now, lock=True)
        if state.problem == "answered":
            return None
        if state.recipient is None or state.problem:
            raise ValidationError("This link cannot be used.", code=state.problem or "invalid")
        recipient = state.recipient
        campaign = recipient.campaign
        questions = list(
            SurveyQuestion.objects.filter(template_id=campaign.template_id).order_by(
                "section__position", "position", "id"
            )
        )
        cleaned = clean_answers(questions, answers(questions) if callable(answers) else answers)
        # The writes stand or fall together: their events go onto the chain in one go. The
        # party's interaction (and follow-up) come first, so the response is written once,
        # naming them.
        with acting_as(None, label="survey respondent", source="web"), events_held():
            interaction, follow_up, reason = _record_on_party(
                organization, campaign, questions, cleaned, recipient, now
            )
            response = SurveyResponse.objects.create(
                organization=organization,
                recipient=recipient,
                campaign=campaign,
                template_id=campaign.template_id,
                party_id=recipient.party_id,
                submitted_at=now,
                interaction=interaction,
                follow_up=follow_up,
                follow_up_reason=reason,
            )
            SurveyAnswer.objects.bulk_create(
                [
                    SurveyAnswer(
                        organization=organization,
                        response=response,
                        question=question,
                        kind=question.kind,
                        submitted_at=now,
                        **cleaned[question.pk],
                    )
                    for question in questions
                    if question.pk in cleaned
                ]
            )
            recipient.state = SurveyRecipient.State.ANSWERED
            recipient.answered_at = now
            recipient.save(update_fields=["state", "answered_at", "updated_at"])
            _cancel_emails(recipient.emails.all())
    return response


def _summary(questions: list[SurveyQuestion], cleaned: dict[int, dict]) -> str:
    lines = []
    for question in questions:
        answer = cleaned.get(question.pk)
        if answer is None:
            continue
        if "number" in answer:
            shown = (
                ("yes" if answer["number"] else "no")
                if question.kind == SurveyQuestionKind.YES_NO
                else str(answer["number"])
            )
        elif "choices" in answer:
            shown = ", ".join(answer["choices"])
        else:
            shown = answer["text"][:500]
        lines.append(f"{question.text}: {shown}")
    return "\n".join(lines)


def _trigger(
    organization: Organization, questions: list[SurveyQuestion], cleaned: dict[int, dict]
) -> str:
    limits = survey_follow_up(organization)
    for question in questions:
        number = (cleaned.get(question.pk) or {}).get("number")
        if number is None:
            continue
        if question.kind == SurveyQuestionKind.NPS and number <= limits["nps_threshold"]:
            return f"NPS {number} (at or below {limits['nps_threshold']})"
        if question.kind == SurveyQuestionKind.CSAT and number <= limits["csat_threshold"]:
            return f"Satisfaction {number} of 5 (at or below {limits['csat_threshold']})"
    return ""


def _record_on_party(
    organization: Organization,
    campaign: SurveyCampaign,
    questions: list[SurveyQuestion],
    cleaned: dict[int, dict],
    recipient: SurveyRecipient,
    now: datetime,
) -> tuple[Interaction, FollowUp | None, str]:
    """The answer as an interaction on the party's record and, for an answer at or below
    the organisation's threshold, a follow-up for the party's owner; and why one was due
    (the response's ``follow_up_reason``)."""
    today = min(
        now.astimezone(ZoneInfo(organization.timezone)).date(), organization_today(organization)
    )
    interaction = interaction_services.interaction_create(
        organization=organization,
        actor=None,
        party=recipient.party,
        data={
            "kind": Interaction.Kind.EMAIL,
            "occurred_on": today,
            "summary": f"Survey answered: {campaign.name} ({campaign.template})\n"
            + _summary(questions, cleaned),
            "contacts": [recipient.contact],
        },
    )
    reason = _trigger(organization, questions, cleaned)
    owner = recipient.party.owner if reason else None
    if not reason:
        return interaction, None, ""
    if owner is None:
        return interaction, None, f"{reason}; the party has no owner to follow it up"[:200]
    days = survey_follow_up(organization)["follow_up_days"]
    follow_up = interaction_services.follow_up_create(
        organization=organization,
        actor=None,
        interaction=interaction,
        data={
            "description": f"Contact the respondent about their survey answer: {reason}.",
            "owner": owner,
            "due_on": today + timedelta(days=days),
        },
    )
    return interaction, follow_up, reason[:200]


def recipient_opt_out(
    *, organization: Organization, value: str, now: datetime | None = None
) -> SurveyRecipient | None:
    """The link's recipient asks for no more surveys: recorded as the withdrawal of the
    contact's consent, and no more email goes to them. None when the link names nobody."""
    now = now or timezone.now()
    with org_scope(organization), transaction.atomic():
        state = recipient_for_link(organization=organization, value=value, now=now)
        if state.recipient is None or state.problem == "invalid":
            return None
        recipient = SurveyRecipient.objects.select_for_update().get(pk=state.recipient.pk)
        with acting_as(None, label="survey respondent", source="web"):
            if recipient.state == SurveyRecipient.State.SENT:
                recipient.state = SurveyRecipient.State.OPTED_OUT
            recipient.opted_out_at = recipient.opted_out_at or now
            recipient.save()
            contact = recipient.contact
            if contact.has_consent:
                contact_services.consent_withdraw(
                    organization=organization, actor=None, contact=contact, withdrawn_at=now
                )
        _cancel_emails(recipient.emails.all())
    return recipient
