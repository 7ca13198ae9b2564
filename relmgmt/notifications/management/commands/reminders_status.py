from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Count, Min
from django.utils import timezone

from relmgmt.core.scoping import scopes_disabled
from relmgmt.notifications.models import Reminder


class Command(BaseCommand):
    help = "Print the reminder engine's figures: by status, what is due, what failed."

    def add_arguments(self, parser):
        parser.add_argument("--failed", type=int, default=10, help="How many failures to list.")

    def handle(self, *args, failed, **options):
        now = timezone.now()
        with scopes_disabled():
            by_status = dict(
                Reminder.objects.values_list("status").annotate(n=Count("id")).order_by()
            )
            open_rows = Reminder.objects.filter(
                status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING]
            )
            overdue = open_rows.filter(next_attempt_at__lte=now).aggregate(
                n=Count("id"), oldest=Min("next_attempt_at")
            )
            coming = open_rows.filter(send_at__lte=now + timedelta(days=30)).count()
            stuck = Reminder.objects.filter(
                status=Reminder.Status.SENDING, next_attempt_at__lte=now
            ).count()
            failures = list(
                Reminder.objects.filter(status=Reminder.Status.FAILED)
                .select_related("organization")
                .order_by("-next_attempt_at")[:failed]
            )
        self.stdout.write("Reminders by status:")
        for status, label in Reminder.Status.choices:
            self.stdout.write(f"  {label:<10} {by_status.get(status, 0):>8}")
        oldest = overdue["oldest"].isoformat() if overdue["oldest"] else "-"
        self.stdout.write(f"Due now, not yet sent: {overdue['n']} (oldest due {oldest})")
        self.stdout.write(f"Claimed but lease expired (will be retried): {stuck}")
        self.stdout.write(f"Going out in the coming 30 days: {coming}")
        if failures:
            self.stdout.write("Latest failures:")
            for reminder in failures:
                self.stdout.write(
                    f"  {reminder.organization.slug} #{reminder.pk} {reminder.kind} "
                    f"{reminder.object_repr}: {reminder.last_error[:120]}"
                )
