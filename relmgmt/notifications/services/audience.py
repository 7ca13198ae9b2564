"""Who a batch of reminders reaches, read once per batch rather than once per reminder: the
organisation's active members and admins, each reminder's named recipients and record, and
the members' choices per kind. A batch takes about a second, so the snapshot is fresh; a
member removed or a record finished within that second is the race any sender has."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Model

from relmgmt.notifications.models import NotificationPreference, Reminder, ReminderRecipient
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.notifications.kinds import ReminderKind
    from relmgmt.tenancy.models import Organization


@dataclass
class Audience:
    organization: Organization
    reminders: dict = field(default_factory=dict)  # id → reminder, as claimed
    members: dict = field(default_factory=dict)  # user id → user, active members only
    admins: list = field(default_factory=list)
    portal_users: set = field(default_factory=set)  # user ids of supplier portal users
    named: dict = field(default_factory=dict)  # reminder id → user ids it was scheduled for
    records: dict = field(default_factory=dict)  # (model label, object id) → record
    choices: dict = field(default_factory=dict)  # (user id, kind key) → mode

    @classmethod
    def load(cls, organization: Organization, reminder_ids: Iterable[int]) -> Audience:
        """Read inside the organisation's scope."""
        audience = cls(organization)
        for membership in Membership.objects.active().select_related("user"):
            if membership.user.is_active:
                audience.members[membership.user_id] = membership.user
                if membership.role == Role.ADMIN:
                    audience.admins.append(membership.user)
                elif membership.role == Role.SUPPLIER:
                    audience.portal_users.add(membership.user_id)
        named = defaultdict(list)
        for reminder_id, user_id in ReminderRecipient.objects.filter(
            reminder_id__in=reminder_ids
        ).values_list("reminder_id", "user_id"):
            named[reminder_id].append(user_id)
        audience.named = dict(named)
        audience.reminders = Reminder.objects.in_bulk(reminder_ids)
        object_ids = defaultdict(set)
        for reminder in audience.reminders.values():
            object_ids[reminder.model_label].add(reminder.object_id)
        for label, ids in object_ids.items():
            try:
                model = apps.get_model(label)
            except LookupError:
                continue  # an app removed since: its reminders are cancelled
            for record in model._default_manager.filter(pk__in=ids):
                audience.records[(label, str(record.pk))] = record
        audience.choices = {
            (user_id, kind): mode
            for user_id, kind, mode in NotificationPreference.objects.filter(
                kind__in={reminder.kind for reminder in audience.reminders.values()}
            ).values_list("user_id", "kind", "mode")
        }
        return audience

    def record(self, reminder: Reminder) -> Model | None:
        return self.records.get((reminder.model_label, reminder.object_id))

    def recipients(self, reminder: Reminder, kind: ReminderKind, record: Model | None) -> list:
        """Who receives it now: only people who are still active members."""
        if reminder.escalation_level == 2:
            return list(self.admins)
        if reminder.escalation_level == 1:
            owner = kind.owner(record)
            return [self.members[owner.pk]] if owner and owner.pk in self.members else []
        return [self.members[pk] for pk in self.named.get(reminder.pk, []) if pk in self.members]

    def modes(self, kind: ReminderKind, users: Iterable[User]) -> dict[int, str]:
        """Each recipient's choice for this kind; a required kind cannot be switched off."""
        settings = self.organization.settings or {}
        required = kind.required or kind.key in settings.get("required_kinds", [])
        modes = {}
        for user in users:
            mode = self.choices.get((user.pk, kind.key), NotificationPreference.Mode.IMMEDIATE)
            if required and mode == NotificationPreference.Mode.OFF:
                mode = NotificationPreference.Mode.IMMEDIATE
            modes[user.pk] = mode
        return modes
