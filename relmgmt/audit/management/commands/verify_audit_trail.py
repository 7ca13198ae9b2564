from django.core.management.base import BaseCommand, CommandError

from relmgmt.audit.verification import verify_all


class Command(BaseCommand):
    help = "Check the hash chain of every organisation's audit trail; exit 1 on the first fault."

    def handle(self, *args, **options):
        checked, faults = verify_all()
        if faults:
            for fault in faults:
                self.stderr.write(f"ALTERED: {fault}")
            raise CommandError(f"Audit trail altered in {len(faults)} of {checked} organisations.")
        self.stdout.write(f"Audit trail intact: {checked} organisations checked.")
