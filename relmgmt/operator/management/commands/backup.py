from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from relmgmt.operator.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files (MEDIA_ROOT) together into one tar file "
        "with a manifest (rows per table, audit chain heads, time). TARGET is a file name "
        "ending in .tar, or a directory (made if need be; the file is named by the time)."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="a directory, or the backup file to write")

    def handle(self, *args, target: str, **options):
        try:
            path, manifest = backup(Path(target))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backup written: {path} ({manifest['database']['vendor']}, "
            f"{len(manifest['tables'])} tables, {manifest['rows']} rows, "
            f"{len(manifest['audit_chain_heads'])} audit chains, "
            f"{manifest['media']['files']} uploaded files)."
        )
