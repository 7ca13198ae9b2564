"""Parties and their needs: create, change, and keep the review schedule in step."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from parties.models import Need, Party, PartyType, Tier
from parties.reminder_kinds import REVIEW_DUE
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

# Months between reviews when the party sets no cadence of its own.
DEFAULT_CADENCE_MONTHS = {Tier.STRATEGIC: 3, Tier.MANAGED: 6, Tier.TRANSACTIONAL: 12}
REMIND_DAYS_BEFORE_REVIEW = 14

PARTY_FIELDS = (
    "name",
    "types",
    "description",
    "tier",
    "status",
    "owner",
    "influence",
    "interest",
    "tags",
    "website",
    "address",
    "review_cadence_months",
    "next_review_due",
)


def cadence_months(party: Party) -> int:
    return party.review_cadence_months or DEFAULT_CADENCE_MONTHS[party.tier]


def clean_types(types: Iterable[str] | None) -> list[str]:
    valid = set(PartyType.values)
    chosen = [value for value in dict.fromkeys(types or []) if value]
    unknown = [value for value in chosen if value not in valid]
    if unknown:
        raise ValidationError({"types": f"Unknown type: {', '.join(map(str, unknown))}."})
    if not chosen:
        raise ValidationError({"types": "Choose at least one type."})
    return sorted(chosen, key=PartyType.values.index)


def clean_tags(tags: str | Iterable[str] | None) -> list[str]:
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned = []
    for tag in tags or []:
        tag = " ".join(str(tag).split()).lower()
        if len(tag) > 40:
            raise ValidationError({"tags": f"Keep each tag under 40 characters: {tag[:40]}…"})
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > 20:
        raise ValidationError({"tags": "At most 20 tags."})
    return cleaned


def _ensure_unique_name(party: Party) -> None:
    same_name = Party.objects.filter(
        organization_id=party.organization_id, name__iexact=party.name.strip()
    ).exclude(pk=party.pk)
    if same_name.exists():
        raise ValidationError({"name": f"There is already a party named {party.name.strip()}."})


def _prepare(organization: Organization, party: Party, data: dict) -> None:
    for field in PARTY_FIELDS:
        if field in data:
            setattr(party, field, data[field])
    party.name = " ".join((party.name or "").split())
    party.types = clean_types(party.types)
    party.tags = clean_tags(party.tags)
    ensure_owner(organization=organization, user=party.owner, field="owner")
    validate(party)
    _ensure_unique_name(party)


def party_create(*, organization: Organization, actor: User | None, data: dict) -> Party:
    party = Party(organization=organization)
    with org_scope(organization), transaction.atomic():
        _prepare(organization, party, data)
        if party.next_review_due is None:
            party.next_review_due = add_months(
                organization_today(organization), cadence_months(party)
            )
        with acting_as(actor):
            party.save()
        schedule_review_reminder(organization=organization, party=party)
    return party


def party_update(
    *, organization: Organization, actor: User | None, party: Party, data: dict, reason: str = ""
) -> Party:
    ensure_same_organization(organization=organization, record=party, field="party")
    with org_scope(organization), transaction.atomic():
        party = Party.objects.select_for_update().get(pk=party.pk)
        _prepare(organization, party, data)
        with acting_as(actor), audit_reason(reason):
            party.save()
        schedule_review_reminder(organization=organization, party=party)
    return party


def _reminder_day(today: date, due: date) -> date:
    """Two weeks before the review, never before today (and never before year 1)."""
    if (due - today).days <= REMIND_DAYS_BEFORE_REVIEW:
        return today
    return due - timedelta(days=REMIND_DAYS_BEFORE_REVIEW)


def schedule_review_reminder(*, organization: Organization, party: Party) -> None:
    """The owner hears two weeks before the review is due; none for inactive parties."""
    if party.status == Party.Status.INACTIVE or party.next_review_due is None:
        scheduling.reminders_cancel(
            organization=organization,
            record=party,
            kind=REVIEW_DUE.key,
            reason="the party is inactive" if party.next_review_due else "no review is due",
        )
        return
    today = organization_today(organization)
    due = party.next_review_due
    scheduling.reminder_schedule(
        organization=organization,
        kind=REVIEW_DUE.key,
        record=party,
        due_date=due,
        send_on=_reminder_day(today, due),
        recipients=[party.owner] if party.owner else [],
        url=reverse("parties:party_detail", kwargs={"org_slug": organization.slug, "pk": party.pk}),
    )


NEED_FIELDS = ("description", "qms_relevant", "monitoring", "status")


def need_create(
    *, organization: Organization, actor: User | None, party: Party, data: dict
) -> Need:
    ensure_same_organization(organization=organization, record=party, field="party")
    need = Need(organization=organization, party=party)
    return _save_need(organization, actor, need, data, reason="")


def need_update(
    *, organization: Organization, actor: User | None, need: Need, data: dict, reason: str = ""
) -> Need:
    ensure_same_organization(organization=organization, record=need, field="need")
    return _save_need(organization, actor, need, data, reason=reason)


def _save_need(
    organization: Organization, actor: User | None, need: Need, data: dict, *, reason: str
) -> Need:
    for field in NEED_FIELDS:
        if field in data:
            setattr(need, field, data[field])
    need.description = (need.description or "").strip()
    with org_scope(organization), transaction.atomic():
        validate(need)
        with acting_as(actor), audit_reason(reason):
            need.save()
    return need
