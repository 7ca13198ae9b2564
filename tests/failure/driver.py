"""Runs inside a subprocess with the failure test's environment (its database, Redis and
mail sink): ``python -m tests.failure.driver seed COUNT`` creates an organisation whose
COUNT parties each have one review reminder due now; ``dispatch`` runs the dispatcher once,
which enqueues the sends on the broker."""

import os
import sys
from datetime import timedelta


def seed(count: int) -> None:
    from django.utils import timezone

    from parties.services.register import party_create
    from relmgmt.accounts.models import User
    from relmgmt.core.scoping import org_scope
    from relmgmt.notifications.models import Reminder
    from relmgmt.policy import Role
    from relmgmt.tenancy.services import membership_add, organization_create

    organization = organization_create(name="Failure Ltd", slug="failure")
    owner = User.objects.create_user(email="owner@failure.example", password="failure-test")
    membership_add(organization=organization, user=owner, role=Role.MANAGER)
    today = timezone.localdate()
    for n in range(count):
        party_create(
            organization=organization,
            actor=owner,
            data={
                "name": f"Party {n:04d}",
                "types": ["customer"],
                "owner": owner,
                "next_review_due": today + timedelta(days=7),
            },
        )
    with org_scope(organization):
        # The clock moves on: every first reminder is due now (escalations stay weeks away).
        due = Reminder.objects.filter(escalation_level=0, status=Reminder.Status.PENDING)
        assert due.count() == count, due.count()
        due.update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def dispatch() -> None:
    from relmgmt.notifications.tasks import dispatch_due_reminders

    print(dispatch_due_reminders())


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    import django

    django.setup()
    command, *args = sys.argv[1:]
    {"seed": lambda: seed(int(args[0])), "dispatch": dispatch}[command]()
