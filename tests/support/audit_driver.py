"""Runs inside a subprocess with a worker test's environment (its database and broker):
``python -m tests.support.audit_driver seed`` makes an organisation with a short audit
trail; ``request`` asks for a check of its chain as its auditor would (the job goes to the
broker when the transaction commits); ``status`` prints the latest check's status, the
events it read and where the chain broke; ``tamper`` alters one event as a database
administrator could."""

import os
import sys

SLUG = "verify"


def seed() -> None:
    from parties.services.register import party_create
    from relmgmt.accounts.models import User
    from relmgmt.policy import Role
    from relmgmt.tenancy.services import membership_add, organization_create

    organization = organization_create(name="Verify Ltd", slug=SLUG)
    auditor = User.objects.create_user(email="auditor@verify.example", password="verify-test")
    membership_add(organization=organization, user=auditor, role=Role.AUDITOR)
    for name in ("Alpha", "Beta", "Gamma"):
        party_create(
            organization=organization, actor=None, data={"name": name, "types": ["customer"]}
        )


def request() -> None:
    from relmgmt.accounts.models import User
    from relmgmt.audit.services import verification_request
    from relmgmt.tenancy.models import Organization

    organization = Organization.objects.get(slug=SLUG)
    auditor = User.objects.get(email="auditor@verify.example")
    print(verification_request(organization=organization, actor=auditor).pk)


def status() -> None:
    from relmgmt.audit.models import ChainVerification
    from relmgmt.core.scoping import org_scope
    from relmgmt.tenancy.models import Organization

    with org_scope(Organization.objects.get(slug=SLUG)):
        latest = ChainVerification.objects.order_by("-id").first()
        print(f"{latest.status} {latest.events_checked} {latest.broken_at_seq}")


def tamper() -> None:
    from django.db import connection

    from relmgmt.audit import db_guard
    from relmgmt.tenancy.models import Organization

    organization = Organization.objects.get(slug=SLUG)
    db_guard.run(connection, "suspend")
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET object_repr = 'forged' "
                "WHERE organization_id = %s AND seq = 3",
                [organization.pk],
            )
    finally:
        db_guard.run(connection, "resume")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")
    import django

    django.setup()
    command = sys.argv[1]
    {"seed": seed, "request": request, "status": status, "tamper": tamper}[command]()
