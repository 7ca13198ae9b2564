"""Runs in a subprocess on the reminder benchmark's own database: ``python -m
bench.seed_reminders COUNT ORGANISATIONS`` creates the organisations, one owner each, a party
per reminder, and COUNT first-level review reminders due now, by bulk inserts."""

import os
import sys
from datetime import timedelta


def seed(count: int, organizations: int) -> None:
    from django.utils import timezone

    from parties.models import Party
    from parties.reminder_kinds import REVIEW_DUE
    from relmgmt.accounts.models import User
    from relmgmt.core.scoping import org_scope
    from relmgmt.notifications.models import Reminder, ReminderRecipient
    from relmgmt.policy import Role
    from relmgmt.tenancy.services import membership_add, organization_create

    now = timezone.now()
    today = timezone.localdate()
    per_organization = count // organizations
    for number in range(organizations):
        slug = f"bench-{number:02d}"
        organization = organization_create(name=f"Bench {number:02d} Ltd", slug=slug)
        owner = User.objects.create_user(email=f"owner@{slug}.example", password=None)
        membership_add(organization=organization, user=owner, role=Role.MANAGER)
        with org_scope(organization):
            parties = Party.objects.bulk_create(
                [
                    Party(
                        organization=organization,
                        name=f"Party {n:05d}",
                        types=["customer"],
                        owner=owner,
                        next_review_due=today + timedelta(days=7),
                    )
                    for n in range(per_organization)
                ],
                batch_size=2_000,
            )
            reminders = Reminder.objects.bulk_create(
                [
                    Reminder(
                        organization=organization,
                        kind=REVIEW_DUE.key,
                        model_label="parties.party",
                        object_id=str(party.pk),
                        object_repr=party.name,
                        url=f"/o/{slug}/parties/{party.pk}/",
                        due_date=party.next_review_due,
                        send_at=now,
                        next_attempt_at=now - timedelta(seconds=1),
                    )
                    for party in parties
                ],
                batch_size=2_000,
            )
            ReminderRecipient.objects.bulk_create(
                [
                    ReminderRecipient(organization=organization, reminder=reminder, user=owner)
                    for reminder in reminders
                ],
                batch_size=2_000,
            )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    import django

    django.setup()
    seed(int(sys.argv[1]), int(sys.argv[2]))
