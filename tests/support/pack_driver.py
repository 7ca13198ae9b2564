"""Runs inside a subprocess with a worker test's environment (its database, broker and
media folder): ``python -m tests.support.pack_driver seed`` makes an organisation with an
auditor and a few parties; ``request`` asks for the evidence pack of this year as the
auditor would (the job goes to the broker when the transaction commits); ``status`` prints
the latest pack's status, its steps done and total, and where its file is."""

import os
import sys

SLUG = "packs"


def seed() -> None:
    from parties.services.register import party_create
    from relmgmt.accounts.models import User
    from relmgmt.policy import Role
    from relmgmt.tenancy.services import membership_add, organization_create

    organization = organization_create(name="Packs Ltd", slug=SLUG)
    auditor = User.objects.create_user(email="auditor@packs.example", password="packs-test")
    membership_add(organization=organization, user=auditor, role=Role.AUDITOR)
    for name in ("Alpha", "Beta", "Gamma"):
        party_create(
            organization=organization, actor=None, data={"name": name, "types": ["customer"]}
        )


def request() -> None:
    from qms.services.packs import evidence_pack_request
    from relmgmt.accounts.models import User
    from relmgmt.core.dates import organization_today
    from relmgmt.tenancy.models import Organization

    organization = Organization.objects.get(slug=SLUG)
    auditor = User.objects.get(email="auditor@packs.example")
    today = organization_today(organization)
    job = evidence_pack_request(
        organization=organization, actor=auditor, start=today.replace(month=1, day=1), end=today
    )
    print(job.pk)


def status() -> None:
    from django.conf import settings

    from qms.models import PackJob
    from relmgmt.core.scoping import org_scope
    from relmgmt.tenancy.models import Organization

    with org_scope(Organization.objects.get(slug=SLUG)):
        latest = PackJob.objects.order_by("-id").first()
        path = os.path.join(settings.MEDIA_ROOT, latest.path) if latest.path else "-"
        print(f"{latest.status} {latest.steps_done} {latest.steps_total} {path}")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    import django

    django.setup()
    command = sys.argv[1]
    {"seed": seed, "request": request, "status": status}[command]()
