"""Survey campaigns: who is asked (a filter over the register), sending (the audience frozen
as recipients, each with a personal link), the emails and reminders to those who have not
answered, bounces, closing, and repeating a recurring campaign.

The personal link carries a random token (32 bytes) signed with the organisation's salt;
only the token's SHA-256 is stored. The emails are rows of an outbox (``SurveyEmail``)
written in the transaction that sends the campaign and sent by ``emails_send_due``, which
claims each row before sending it.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
import smtplib
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from celery import signature
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connections, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from feedback.models import SurveyCampaign, SurveyEmail, SurveyRecipient, SurveyTemplate
from feedback.models.surveys import Recurrence
from feedback.services.surveys import templates as template_services
from parties.models import Contact, Party, PartyType, Tier
from relmgmt.audit.context import acting_as
from relmgmt.core.dates import add_months
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.tenancy.services import ensure_member

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

CAMPAIGN_FIELDS = (
    "name",
    "template",
    "message",
    "days_open",
    "remind_after_days",
    "max_reminders",
    "recurrence",
)
MAX_REMINDERS = 5
MAX_DAYS_OPEN = 180
LEASE = timedelta(minutes=10)
# The task that sends an organisation's due campaign emails (feedback.tasks.surveys).
SEND_EMAILS = "feedback.tasks.surveys.send_survey_emails"
MAX_ATTEMPTS = 5


# --- Links -------------------------------------------------------------------------------


def _signer(organization_id: int) -> signing.Signer:
    return signing.Signer(salt=f"feedback.survey-link.{organization_id}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def link_token_make(organization_id: int) -> tuple[str, str]:
    """A new personal link's value (token and signature) and the hash to store."""
    token = secrets.token_urlsafe(32)
    return _signer(organization_id).sign(token), token_hash(token)


def link_token_read(organization_id: int, value: str) -> str | None:
    """The stored hash the link names, or None if it was altered or signed for another
    organisation."""
    if not value or len(value) > 200:
        return None
    try:
        token = _signer(organization_id).unsign(value)
    except signing.BadSignature:
        return None
    return token_hash(token)


def recipient_link_issue(*, organization: Organization, recipient: SurveyRecipient) -> str:
    """A fresh personal link for ``recipient``; only its hash is kept, so the link of an
    earlier email stops working (each email says its link replaces the earlier ones)."""
    ensure_same_organization(organization=organization, record=recipient, field="recipient")
    value, hashed = link_token_make(organization.pk)
    SurveyRecipient.objects.filter(pk=recipient.pk).update(token_hash=hashed)
    return value


def link_path(organization: Organization, value: str) -> str:
    return reverse(
        "feedback:survey_respond", kwargs={"org_slug": organization.slug, "token": value}
    )


# --- Audience ----------------------------------------------------------------------------


def clean_audience(organization: Organization, raw: dict | None) -> dict:
    raw = raw or {}
    types = [str(value) for value in raw.get("types") or []]
    tiers = [str(value) for value in raw.get("tiers") or []]
    if unknown := [value for value in types if value not in PartyType.values]:
        raise ValidationError({"types": f"Unknown party type: {', '.join(unknown)}."})
    if unknown := [value for value in tiers if value not in Tier.values]:
        raise ValidationError({"tiers": f"Unknown tier: {', '.join(unknown)}."})
    tag = " ".join(str(raw.get("tag") or "").split()).lower()[:100]
    owner = raw.get("owner")
    owner_id = getattr(owner, "pk", owner)
    if owner_id not in (None, ""):
        from relmgmt.accounts.models import User

        user = User.objects.filter(pk=owner_id).first()
        if user is None:
            raise ValidationError({"owner": "Choose a member of this organisation."})
        ensure_member(organization=organization, user=user, field="owner")
        owner_id = user.pk
    else:
        owner_id = None
    cleaned: dict = {"types": types, "tiers": tiers, "tag": tag, "owner": owner_id}
    # A transactional survey's one contact (set by the service, never by a form).
    if raw.get("contacts"):
        ids = [int(value) for value in raw["contacts"]]
        known = Contact.objects.filter(organization=organization, pk__in=ids).count()
        if known != len(set(ids)):
            raise ValidationError({"audience": "Choose contacts of this organisation."})
        cleaned["contacts"] = sorted(set(ids))
    return cleaned


def audience_contacts(*, organization: Organization, audience: dict) -> QuerySet[Contact]:
    """The contacts a campaign with ``audience`` asks: of active or prospective parties
    matching the filter, with an email, consenting, not erased."""
    parties = Party.objects.filter(organization=organization).exclude(status="inactive")
    if audience.get("types"):
        postgres = connections[parties.db].vendor == "postgresql"
        condition = Q()
        for value in audience["types"]:
            condition |= (
                Q(types__contains=[value]) if postgres else Q(types__icontains=f'"{value}"')
            )
        parties = parties.filter(condition)
    if audience.get("tiers"):
        parties = parties.filter(tier__in=audience["tiers"])
    if audience.get("tag"):
        parties = parties.filter(tags__icontains=f'"{audience["tag"]}"')
    if audience.get("owner"):
        parties = parties.filter(owner_id=audience["owner"])
    contacts = Contact.objects.filter(organization=organization)
    if audience.get("contacts"):
        contacts = contacts.filter(pk__in=audience["contacts"])
    return (
        contacts.filter(
            organization=organization,
            party__in=parties,
            consent_given_at__isnull=False,
            consent_withdrawn_at__isnull=True,
            erased_at__isnull=True,
        )
        .exclude(email="")
        .order_by("party_id", "id")
    )


# --- Campaigns ---------------------------------------------------------------------------


def _apply(organization: Organization, campaign: SurveyCampaign, data: dict) -> None:
    for field in CAMPAIGN_FIELDS:
        if field in data:
            setattr(campaign, field, data[field])
    campaign.name = " ".join(str(campaign.name or "").split())
    campaign.message = str(campaign.message or "").strip()
    campaign.recurrence = campaign.recurrence or ""
    if "audience" in data:
        campaign.audience = clean_audience(organization, data["audience"])
    errors = {}
    if campaign.template_id is None:
        errors["template"] = "Choose the survey template to send."
    else:
        ensure_same_organization(
            organization=organization, record=campaign.template, field="template"
        )
    if campaign.days_open is not None and not 1 <= campaign.days_open <= MAX_DAYS_OPEN:
        errors["days_open"] = f"Links stay open from 1 to {MAX_DAYS_OPEN} days."
    if campaign.max_reminders is not None and campaign.max_reminders > MAX_REMINDERS:
        errors["max_reminders"] = f"Send at most {MAX_REMINDERS} reminders."
    if campaign.remind_after_days is not None and campaign.remind_after_days < 1:
        errors["remind_after_days"] = "Wait at least one day before reminding."
    if errors:
        raise ValidationError(errors)
    validate(campaign)


def campaign_create(
    *, organization: Organization, actor: User | None, data: dict
) -> SurveyCampaign:
    campaign = SurveyCampaign(organization=organization, audience=clean_audience(organization, {}))
    with org_scope(organization), transaction.atomic():
        _apply(organization, campaign, data)
        with acting_as(actor):
            campaign.save()
    return campaign


def _ensure_draft(campaign: SurveyCampaign) -> None:
    if campaign.status != SurveyCampaign.Status.DRAFT:
        raise ValidationError(
            f"“{campaign}” was sent on {campaign.sent_at:%Y-%m-%d}: its audience and "
            "questions are frozen."
        )


def campaign_update(
    *, organization: Organization, actor: User | None, campaign: SurveyCampaign, data: dict
) -> SurveyCampaign:
    ensure_same_organization(organization=organization, record=campaign, field="campaign")
    with org_scope(organization), transaction.atomic():
        campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
        _ensure_draft(campaign)
        _apply(organization, campaign, data)
        with acting_as(actor):
            campaign.save()
    return campaign


def campaign_send(
    *,
    organization: Organization,
    actor: User | None,
    campaign: SurveyCampaign,
    now: datetime | None = None,
    notify: bool = True,
) -> int:
    """Freeze the template and the audience, give each recipient a link, and queue the
    invitations and the reminders. Returns how many are asked. Sending twice sends once.

    With ``notify`` the invitations go out as soon as the transaction commits (the
    dispatcher would send them within minutes anyway); the demo's past campaigns pass
    False."""
    ensure_same_organization(organization=organization, record=campaign, field="campaign")
    now = now or timezone.now()
    with org_scope(organization), transaction.atomic():
        campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
        _ensure_draft(campaign)
        template = SurveyTemplate.objects.select_for_update().get(pk=campaign.template_id)
        # (contact, party) id pairs: 20,000 model instances cost six times the reading.
        contacts = list(
            audience_contacts(organization=organization, audience=campaign.audience).values_list(
                "pk", "party_id"
            )
        )
        if not contacts:
            raise ValidationError(
                "Nobody matches the audience: no contact of those parties has an email and "
                "consented to be contacted."
            )
        with acting_as(actor):
            template_services.template_freeze(
                organization=organization, template=template, when=now
            )
            campaign.status = SurveyCampaign.Status.SENT
            campaign.sent_at, campaign.sent_by = now, actor
            closes_at = now + timedelta(days=campaign.days_open)
            campaign.closes_at = closes_at
            campaign.save()
            # The link itself is issued when each email is sent (recipient_link_issue):
            # until then a random token's hash stands in, which no link can name.
            recipients = [
                SurveyRecipient(
                    organization_id=organization.pk,
                    campaign_id=campaign.pk,
                    party_id=party_id,
                    contact_id=contact_id,
                    token_hash=token_hash(secrets.token_urlsafe(32)),
                    expires_at=campaign.closes_at,
                )
                for contact_id, party_id in contacts
            ]
            SurveyRecipient.objects.bulk_create(recipients)
        _queue_emails(organization, campaign, now, closes_at)
        if notify:
            organization_id = organization.pk
            transaction.on_commit(lambda: signature(SEND_EMAILS, args=[organization_id]).delay())
    return len(recipients)


def _queue_emails(
    organization: Organization, campaign: SurveyCampaign, now: datetime, closes_at: datetime
) -> None:
    """The invitation and reminders of every recipient of a campaign just sent, in one
    statement: the outbox is not audited (the recipients are), and building one model per
    email through the ORM cost more than the rest of sending."""
    sends = [
        (sequence, now + timedelta(days=sequence * campaign.remind_after_days))
        for sequence in range(campaign.max_reminders + 1)
    ]
    sends = [(sequence, when) for sequence, when in sends if when < closes_at]
    if not sends:
        return
    connection = connections[SurveyEmail.objects.db]
    adapt = connection.ops.adapt_datetimefield_value
    schedule = " UNION ALL ".join("SELECT %s AS sequence, %s AS send_at" for _ in sends)
    # The tables' names come from the models; every value is a parameter.
    sql = (
        f"INSERT INTO {SurveyEmail._meta.db_table} (organization_id, recipient_id, sequence, "  # noqa: S608
        "send_at, status, attempts, last_error, created_at) "
        "SELECT r.organization_id, r.id, s.sequence, s.send_at, %s, 0, '', %s "
        f"FROM {SurveyRecipient._meta.db_table} r CROSS JOIN ({schedule}) s "
        "WHERE r.organization_id = %s AND r.campaign_id = %s"
    )
    params = [
        SurveyEmail.Status.PENDING,
        adapt(now),
        *[value for sequence, when in sends for value in (sequence, adapt(when))],
        organization.pk,
        campaign.pk,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def campaign_close(
    *, organization: Organization, actor: User | None, campaign: SurveyCampaign
) -> SurveyCampaign:
    """Stop a sent campaign: its links expire now and no reminder goes out any more."""
    ensure_same_organization(organization=organization, record=campaign, field="campaign")
    with org_scope(organization), transaction.atomic():
        campaign = SurveyCampaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != SurveyCampaign.Status.SENT:
            raise ValidationError("Only a sent campaign can be closed.")
        now = timezone.now()
        with acting_as(actor):
            campaign.status = SurveyCampaign.Status.CLOSED
            campaign.closes_at = min(campaign.closes_at or now, now)
            campaign.save()
            SurveyRecipient.objects.filter(campaign=campaign, expires_at__gt=now).update(
                expires_at=now
            )
        _cancel_emails(SurveyEmail.objects.filter(recipient__campaign=campaign))
    return campaign


def _cancel_emails(emails: QuerySet[SurveyEmail]) -> int:
    return emails.filter(status=SurveyEmail.Status.PENDING).update(
        status=SurveyEmail.Status.CANCELLED
    )


def recipient_bounced(
    *, organization: Organization, actor: User | None, recipient: SurveyRecipient
) -> SurveyRecipient:
    """The recipient's address bounced: no more emails to it."""
    ensure_same_organization(organization=organization, record=recipient, field="recipient")
    with org_scope(organization), transaction.atomic():
        recipient = SurveyRecipient.objects.select_for_update().get(pk=recipient.pk)
        if recipient.state == SurveyRecipient.State.SENT:
            with acting_as(actor):
                recipient.state = SurveyRecipient.State.BOUNCED
                recipient.save()
            _cancel_emails(recipient.emails.all())
    return recipient


def next_run_date(campaign: SurveyCampaign) -> datetime | None:
    if campaign.sent_at is None or not campaign.recurrence:
        return None
    months = 3 if campaign.recurrence == Recurrence.QUARTERLY else 12
    local = timezone.localtime(campaign.sent_at)
    day = add_months(local.date(), months)
    return local.replace(year=day.year, month=day.month, day=day.day)


def campaigns_repeat_due(
    *, organization: Organization, now: datetime | None = None
) -> list[SurveyCampaign]:
    """Send the next run of every recurring campaign whose period has come (once each)."""
    now = now or timezone.now()
    made = []
    with org_scope(organization):
        latest = SurveyCampaign.objects.filter(
            organization=organization, status__in=["sent", "closed"]
        ).exclude(recurrence="")
        repeated = set(
            SurveyCampaign.objects.filter(repeated_from__isnull=False).values_list(
                "repeated_from_id", flat=True
            )
        )
        for campaign in latest.select_related("template"):
            due = next_run_date(campaign)
            if campaign.pk in repeated or due is None or due > now:
                continue
            with transaction.atomic():
                template = _latest_sent_version(campaign.template)
                copy = SurveyCampaign(
                    organization=organization,
                    name=f"{_base_name(campaign.name)} {timezone.localtime(now):%Y-%m}",
                    template=template,
                    audience=campaign.audience,
                    message=campaign.message,
                    days_open=campaign.days_open,
                    remind_after_days=campaign.remind_after_days,
                    max_reminders=campaign.max_reminders,
                    recurrence=campaign.recurrence,
                    repeated_from=campaign,
                )
                copy.save()
                # Nobody to ask this time: the draft stays for a person to look at.
                with contextlib.suppress(ValidationError):
                    campaign_send(organization=organization, actor=None, campaign=copy, now=now)
                copy.refresh_from_db()
                made.append(copy)
    return made


def _base_name(name: str) -> str:
    head, _, tail = name.rpartition(" ")
    return head if head and len(tail) == 7 and tail[4] == "-" else name


def _latest_sent_version(template: SurveyTemplate) -> SurveyTemplate:
    family = SurveyTemplate.objects.filter(name__iexact=template.name, frozen_at__isnull=False)
    return family.order_by("-version").first() or template


# --- Emails ------------------------------------------------------------------------------


def emails_send_due(
    *, organization: Organization, now: datetime | None = None, limit: int = 500
) -> int:
    """Send the campaign emails due now. Each row is claimed (pending to sending) in its own
    transaction before the email goes out and marked sent after: a worker that dies leaves
    it claimed and, after the lease, it is tried again; a sent one never goes again."""
    now = now or timezone.now()
    sent = 0
    with org_scope(organization):
        ids = list(
            SurveyEmail.objects.filter(
                Q(status=SurveyEmail.Status.PENDING)
                | Q(status=SurveyEmail.Status.SENDING, claimed_at__lt=now - LEASE),
                organization=organization,
                send_at__lte=now,
            )
            .order_by("send_at", "id")
            .values_list("pk", flat=True)[:limit]
        )
        connection = get_connection(fail_silently=False)
        for email_id in ids:
            if _send_one(organization, email_id, now, connection):
                sent += 1
    return sent


def _claim(organization: Organization, email_id: int, now: datetime) -> SurveyEmail | None:
    claimed = SurveyEmail.objects.filter(
        Q(status=SurveyEmail.Status.PENDING)
        | Q(status=SurveyEmail.Status.SENDING, claimed_at__lt=now - LEASE),
        pk=email_id,
    ).update(status=SurveyEmail.Status.SENDING, claimed_at=now)
    if not claimed:
        return None
    return SurveyEmail.objects.select_related("recipient__campaign", "recipient__contact").get(
        pk=email_id
    )


def _send_one(organization: Organization, email_id: int, now: datetime, connection: Any) -> bool:
    with transaction.atomic():
        email = _claim(organization, email_id, now)
    if email is None:
        return False
    recipient = email.recipient
    campaign = recipient.campaign
    contact = recipient.contact
    reason = _reason_not_to_send(recipient, campaign, contact, now)
    if reason:
        SurveyEmail.objects.filter(pk=email.pk).update(
            status=SurveyEmail.Status.CANCELLED, last_error=reason
        )
        return False
    try:
        with transaction.atomic():
            value = recipient_link_issue(organization=organization, recipient=recipient)
            SurveyRecipient.objects.filter(pk=recipient.pk).update(
                reminders_sent=max(recipient.reminders_sent, email.sequence)
            )
            _deliver(organization, campaign, contact, email, value, connection)
            SurveyEmail.objects.filter(pk=email.pk).update(
                status=SurveyEmail.Status.SENT, sent_at=timezone.now(), attempts=email.attempts + 1
            )
    except smtplib.SMTPRecipientsRefused as error:
        if not _permanent_refusal(error):
            _retry_later(email, now, error)
            return False
        # The server refused the address for good (5xx): a bounce, no more email to it.
        SurveyEmail.objects.filter(pk=email.pk).update(
            status=SurveyEmail.Status.FAILED,
            attempts=email.attempts + 1,
            last_error=str(error)[:500],
        )
        recipient_bounced(organization=organization, actor=None, recipient=recipient)
        return False
    except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
        _retry_later(email, now, error)
        return False
    return True


def _permanent_refusal(error: smtplib.SMTPRecipientsRefused) -> bool:
    """Every address refused with a 5xx code (a 4xx refusal is worth trying again)."""
    codes = [code for code, _ in error.recipients.values()]
    return bool(codes) and all(500 <= code < 600 for code in codes)


def _retry_later(email: SurveyEmail, now: datetime, error: Exception) -> None:
    attempts = email.attempts + 1
    SurveyEmail.objects.filter(pk=email.pk).update(
        status=SurveyEmail.Status.FAILED
        if attempts >= MAX_ATTEMPTS
        else SurveyEmail.Status.PENDING,
        attempts=attempts,
        last_error=str(error)[:500],
        send_at=now + timedelta(minutes=5 * attempts),
    )


def _reason_not_to_send(
    recipient: SurveyRecipient, campaign: SurveyCampaign, contact: Contact, now: datetime
) -> str:
    if recipient.state != SurveyRecipient.State.SENT:
        return f"the recipient is {recipient.get_state_display().lower()}"
    if recipient.expires_at <= now or campaign.status != SurveyCampaign.Status.SENT:
        return "the campaign is closed"
    if not contact.has_consent or contact.erased_at or not contact.email:
        return "the contact no longer consents"
    return ""


def _deliver(
    organization: Organization,
    campaign: SurveyCampaign,
    contact: Contact,
    email: SurveyEmail,
    value: str,
    connection: Any,
) -> None:
    context = {
        "organization": organization,
        "campaign": campaign,
        "reminder": email.sequence > 0,
        "link": settings.SITE_URL.rstrip("/") + link_path(organization, value),
        "unsubscribe": settings.SITE_URL.rstrip("/")
        + link_path(organization, value)
        + "unsubscribe/",
        "expires_at": email.recipient.expires_at,
    }
    subject = ("Reminder: " if email.sequence else "") + f"{organization.name}: {campaign.name}"
    name = organization.name.replace('"', "'")
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address[address.find("<") + 1 : address.rfind(">")]
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=render_to_string("feedback/surveys/email/invitation.txt", context),
        from_email=f'"{name}" <{address}>',
        to=[contact.email],
        headers={"X-Relmgmt-Survey-Email": str(email.pk)},
    )
    message.attach_alternative(
        render_to_string("feedback/surveys/email/invitation.html", context), "text/html"
    )
    connection.send_messages([message])
