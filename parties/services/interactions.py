"""Interactions with a party (meetings, calls, visits, reviews), who took part, and the
follow-up actions agreed in them, each reminded to its owner when due."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from parties.models import Contact, FollowUp, Interaction, InteractionContact, InteractionMember
from parties.reminder_kinds import FOLLOW_UP_DUE
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.models import atomic_writes
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from relmgmt.tenancy.services import ensure_member, ensure_owner

if TYPE_CHECKING:
    from parties.models import Party
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

INTERACTION_FIELDS = ("kind", "occurred_on", "summary", "decisions")


def interaction_create(
    *, organization: Organization, actor: User | None, party: Party, data: dict
) -> Interaction:
    """``data`` holds the fields, and ``contacts`` and ``members`` (lists) taking part."""
    ensure_same_organization(organization=organization, record=party, field="party")
    interaction = Interaction(organization=organization, party=party)
    return _save(organization, actor, interaction, data, reason="")


def interaction_update(
    *,
    organization: Organization,
    actor: User | None,
    interaction: Interaction,
    data: dict,
    reason: str = "",
) -> Interaction:
    ensure_same_organization(organization=organization, record=interaction, field="interaction")
    with org_scope(organization), transaction.atomic():
        interaction = Interaction.objects.select_for_update().get(pk=interaction.pk)
        return _save(organization, actor, interaction, data, reason=reason)


def _save(
    organization: Organization,
    actor: User | None,
    interaction: Interaction,
    data: dict,
    *,
    reason: str,
) -> Interaction:
    for field in INTERACTION_FIELDS:
        if field in data:
            setattr(interaction, field, data[field])
    interaction.summary = (interaction.summary or "").strip()
    interaction.decisions = (interaction.decisions or "").strip()
    new = interaction.pk is None  # nobody takes part yet: nothing to read or remove
    with org_scope(organization):
        contacts = _participating_contacts(organization, interaction, data)
        members = _participating_members(organization, data)
        # The party is the organisation's own (checked by the callers) and never changes
        # here: its row's existence is the foreign key's to stand for, not a query's.
        validate(interaction, exclude=["party"])
    with org_scope(organization), atomic_writes(), acting_as(actor), audit_reason(reason):
        interaction.save()
        if contacts is not None:
            _set_rows(organization, interaction, InteractionContact, "contact", contacts, new)
        if members is not None:
            _set_rows(organization, interaction, InteractionMember, "user", members, new)
    return interaction


def _participating_contacts(
    organization: Organization, interaction: Interaction, data: dict[str, Any]
) -> list[Contact] | None:
    if "contacts" not in data:
        return None
    contacts = list(dict.fromkeys(data["contacts"] or []))
    for contact in contacts:
        if contact.organization_id != organization.pk or contact.party_id != interaction.party_id:
            raise ValidationError(
                {"contacts": f"Choose contacts of {interaction.party.name} only."}
            )
    current = (
        set()
        if interaction.pk is None
        else set(
            InteractionContact.objects.filter(interaction_id=interaction.pk).values_list(
                "contact_id", flat=True
            )
        )
    )
    if any(contact.erased_at and contact.pk not in current for contact in contacts):
        raise ValidationError({"contacts": "An erased contact cannot be added."})
    return contacts


def _participating_members(organization: Organization, data: dict[str, Any]) -> list | None:
    if "members" not in data:
        return None
    members = list(dict.fromkeys(data["members"] or []))
    for user in members:
        ensure_member(organization=organization, user=user, field="members")
    return members


def _set_rows(
    organization: Organization,
    interaction: Interaction,
    through: type[InteractionContact] | type[InteractionMember],
    field: str,
    wanted: Iterable[Any],
    new: bool = False,
) -> None:
    """Add and remove participant rows one by one, so that each is in the audit trail
    (``new``: the interaction was just created, so it has none to remove)."""
    rows = through.objects.filter(interaction=interaction)
    present: set[int] = set()
    if not new:
        wanted_ids = {item.pk for item in wanted}
        rows.exclude(**{f"{field}_id__in": wanted_ids}).delete()
        present = set(rows.values_list(f"{field}_id", flat=True))
    for item in wanted:
        if item.pk not in present:
            through.objects.create(
                organization=organization, interaction=interaction, **{field: item}
            )


FOLLOW_UP_FIELDS = ("description", "owner", "due_on")


def follow_up_create(
    *,
    organization: Organization,
    actor: User | None,
    interaction: Interaction,
    data: dict,
    done: bool = False,
) -> FollowUp:
    """A new action; ``done`` records it as done already (both or nothing)."""
    ensure_same_organization(organization=organization, record=interaction, field="interaction")
    follow_up = FollowUp(organization=organization, interaction=interaction)
    with atomic_writes():
        follow_up = _save_follow_up(organization, actor, follow_up, data, reason="")
        if done:
            follow_up = follow_up_set_done(
                organization=organization, actor=actor, follow_up=follow_up, done=True
            )
    return follow_up


def follow_up_update(
    *,
    organization: Organization,
    actor: User | None,
    follow_up: FollowUp,
    data: dict,
    reason: str = "",
    done: bool | None = None,
) -> FollowUp:
    """Change an action; a new due date moves its reminders, a new owner gets them.
    ``done`` (unless None) marks it done or open again in the same transaction."""
    ensure_same_organization(organization=organization, record=follow_up, field="follow_up")
    with org_scope(organization), transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        follow_up = _save_follow_up(organization, actor, follow_up, data, reason=reason)
        if done is not None:
            follow_up = follow_up_set_done(
                organization=organization, actor=actor, follow_up=follow_up, done=done
            )
    return follow_up


def follow_up_set_done(
    *, organization: Organization, actor: User | None, follow_up: FollowUp, done: bool = True
) -> FollowUp:
    """Mark an action done (its reminders are cancelled) or open again (reminded again)."""
    ensure_same_organization(organization=organization, record=follow_up, field="follow_up")
    with org_scope(organization), transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if done == (follow_up.done_at is not None):
            return follow_up
        follow_up.done_at = timezone.now() if done else None
        with acting_as(actor):
            follow_up.save()
        schedule_follow_up_reminder(organization=organization, follow_up=follow_up)
    return follow_up


def _save_follow_up(
    organization: Organization, actor: User | None, follow_up: FollowUp, data: dict, *, reason: str
) -> FollowUp:
    for field in FOLLOW_UP_FIELDS:
        if field in data:
            setattr(follow_up, field, data[field])
    follow_up.description = (follow_up.description or "").strip()
    with org_scope(organization), atomic_writes():
        if follow_up.owner_id is None:
            raise ValidationError({"owner": "Choose who owns the action."})
        ensure_owner(organization=organization, user=follow_up.owner, field="owner")
        validate(follow_up)
        with acting_as(actor), audit_reason(reason):
            follow_up.save()
        schedule_follow_up_reminder(organization=organization, follow_up=follow_up)
    return follow_up


def schedule_follow_up_reminder(*, organization: Organization, follow_up: FollowUp) -> None:
    """The owner hears on the due date; a done action is reminded no more."""
    if follow_up.done_at is not None:
        scheduling.reminders_cancel(
            organization=organization,
            record=follow_up,
            kind=FOLLOW_UP_DUE.key,
            reason="the action is done",
        )
        return
    url = reverse(
        "parties:interaction_detail",
        kwargs={"org_slug": organization.slug, "pk": follow_up.interaction_id},
    )
    scheduling.reminder_schedule(
        organization=organization,
        kind=FOLLOW_UP_DUE.key,
        record=follow_up,
        due_date=follow_up.due_on,
        recipients=[follow_up.owner],
        url=url,
    )
