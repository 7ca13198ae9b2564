"""``manage.py import_supplier_history <organisation> <file> --as <member e-mail>``: bring in
suppliers' history from before the system (a CSV or XLSX file of approvals, changes of
status, certificates and re-evaluations, each with the day it happened), as the page does:
every row is checked, and the file is imported whole or not at all."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from relmgmt.audit.context import acting_as
from relmgmt.core.imports import ImportFileError
from relmgmt.tenancy.models import Organization
from suppliers.services import history


class Command(BaseCommand):
    help = (
        "Import suppliers' history (approvals, changes of status, certificates, "
        "re-evaluations with the day each happened) from a CSV or XLSX file, whole or not "
        "at all. Columns: " + ", ".join(history.COLUMNS) + "."
    )

    def add_arguments(self, parser):
        parser.add_argument("organization", help="the organisation's slug")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--as", dest="member", required=True, help="the e-mail of the member importing"
        )

    def handle(self, *args, organization, file, member, **options):
        found = Organization.objects.filter(slug=organization).first()
        if found is None:
            raise CommandError(f"No organisation has the slug {organization!r}.")
        user = get_user_model().objects.filter(email__iexact=member).first()
        if user is None:
            raise CommandError(f"No user has the e-mail {member!r}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            with acting_as(user, source="command"):
                count = history.history_import(organization=found, actor=user, content=content)
        except (ImportFileError, PermissionDenied) as error:
            raise CommandError(str(error)) from error
        except ValidationError as error:
            raise CommandError(
                "Nothing is imported:\n" + "\n".join(f"  {m}" for m in error.messages)
            ) from error
        self.stdout.write(f"{count} facts of suppliers' history imported into {found.name}.")
