from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from relmgmt.demo.seed import DEMO_PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo organisations acme and globex with their logins."

    def handle(self, *args, **options):
        if settings.RELMGMT_PRODUCTION and not settings.RELMGMT_DEMO_SERVER:
            raise CommandError(
                "seed_demo refuses to run under the production settings: it creates admin "
                f"logins whose password ({DEMO_PASSWORD}) is published. To create the first "
                "real organisation, run create_organization. For a demo server, set "
                "RELMGMT_DEMO_SERVER=true (every page then says it is a demo server)."
            )
        organizations = seed_demo()
        for organization in organizations:
            logins = ", ".join(demo_logins(organization.slug))
            self.stdout.write(f"{organization.name} (/o/{organization.slug}/): {logins}")
        self.stdout.write(f"Demo password for every login: {DEMO_PASSWORD}")
