from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relmgmt.operator.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into the database the settings name "
        "(a new, empty one) and MEDIA_ROOT (empty), then check the rows of every table and "
        "the audit chain heads against the backup's manifest and verify every audit trail."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup file")

    def handle(self, *args, archive: str, **options):
        try:
            manifest = read_manifest(Path(archive))
            self.stdout.write(
                f"Restoring the backup of {manifest['created_at']} "
                f"({manifest['database']['vendor']}, {manifest['rows']} rows)."
            )
            report = restore(Path(archive))
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored: {report.tables} tables and {report.rows} rows as the manifest says, "
            f"{report.media_files} uploaded files; audit trail intact: "
            f"{report.organizations} organisations checked."
        )
