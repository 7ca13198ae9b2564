import json

from django.core.management.base import BaseCommand, CommandError

from relmgmt.operator.status import system_status


class Command(BaseCommand):
    help = (
        "Print the state of the deployment: database and broker answering, beat, the worker "
        "heartbeat, each scheduled task, the queue, overdue reminders, the audit chain "
        "verification. Exits with status 1 when a check fails (for monitoring)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="one JSON object per check"
        )

    def handle(self, *args, as_json: bool = False, **options):
        checks = system_status()
        for check in checks:
            if as_json:
                self.stdout.write(
                    json.dumps({"check": check.name, "ok": check.ok, "detail": check.detail})
                )
            else:
                self.stdout.write(f"{check.label:<5} {check.name:<40} {check.detail}")
        failed = [check.name for check in checks if check.ok is False]
        if failed:
            raise CommandError(f"Failing: {', '.join(failed)}.")
