from django.core.management.base import BaseCommand

from relmgmt.demo.seed import DEMO_PASSWORD, demo_logins, seed_demo


class Command(BaseCommand):
    help = "Create (or complete) the demo organisations acme and globex with their logins."

    def handle(self, *args, **options):
        organizations = seed_demo()
        for organization in organizations:
            logins = ", ".join(demo_logins(organization.slug))
            self.stdout.write(f"{organization.name} (/o/{organization.slug}/): {logins}")
        self.stdout.write(f"Demo password for every login: {DEMO_PASSWORD}")
