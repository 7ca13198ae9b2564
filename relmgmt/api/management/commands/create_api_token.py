from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from relmgmt.api.services import token_create
from relmgmt.audit.context import acting_as
from relmgmt.tenancy import selectors
from relmgmt.tenancy.models import Membership


class Command(BaseCommand):
    help = "Create an API token for one membership and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="The organisation's slug.")
        parser.add_argument("--email", required=True, help="The member's email address.")
        parser.add_argument("--name", default="command line", help="What the token is for.")

    def handle(self, *args, org, email, name, **options):
        organization = selectors.organization_by_slug(org)
        if organization is None:
            raise CommandError(f"No organisation with the slug {org!r}.")
        membership = (
            Membership.objects.with_scopes_disabled()
            .filter(organization=organization, user__email__iexact=email)
            .active()
            .select_related("user")
            .first()
        )
        if membership is None:
            raise CommandError(f"{email} is not a current member of {organization.name}.")
        try:
            with acting_as(None, label="create_api_token command", source="command"):
                _token, key = token_create(
                    organization=organization, actor=None, membership=membership, name=name
                )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(key)
