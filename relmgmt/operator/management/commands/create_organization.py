from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from relmgmt.audit.context import acting_as
from relmgmt.operator.services import organization_create_with_admin
from relmgmt.tenancy.services import invitation_url


class Command(BaseCommand):
    help = (
        "Create an organisation and invite its first admin by email: a link, valid once and "
        "for INVITATION_VALID_DAYS days, where they set their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", required=True, help="its address: /o/<slug>/")
        parser.add_argument("--name", required=True)
        parser.add_argument("--admin-email", required=True, help="the first admin's email")
        parser.add_argument("--timezone", default="UTC", help="such as Europe/Berlin (UTC)")

    def handle(self, *args, slug, name, admin_email, timezone, **options):
        try:
            with acting_as(None, label="create_organization command", source="command"):
                organization, invitation, token = organization_create_with_admin(
                    actor=None,
                    name=name,
                    slug=slug,
                    admin_email=admin_email,
                    timezone_name=timezone,
                )
        except ValidationError as error:
            raise CommandError(_described(error)) from error
        self.stdout.write(f"Created {organization.name} (/o/{organization.slug}/).")
        self.stdout.write(
            f"Invited {invitation.email} as its admin; the email carries this link "
            f"(valid until {invitation.expires_at:%Y-%m-%d %H:%M} UTC):"
        )
        self.stdout.write(invitation_url(token))


def _described(error: ValidationError) -> str:
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    return " ".join(
        f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
    )
