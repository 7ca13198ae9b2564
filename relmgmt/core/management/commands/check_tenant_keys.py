"""``manage.py check_tenant_keys``: is this PostgreSQL database ready to be distributed by
organisation? Reads the catalog (relmgmt.core.db.tenant_keys.problems) and lists the
tenant tables and the reference tables they point at (docs/scaling.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from relmgmt.core.db import tenant_keys


class Command(BaseCommand):
    help = (
        "Check on PostgreSQL that every tenant table is keyed by organisation (primary key, "
        "unique indexes, foreign keys) and that no global table points at a tenant table."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="Also list the distributed and reference tables."
        )
        parser.add_argument(
            "--citus-sql",
            action="store_true",
            help="Print the statements that distribute the tables on a Citus coordinator.",
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "The tenant keys are a PostgreSQL matter; this is " + connection.vendor
            )
        with connection.cursor() as cursor:
            found = tenant_keys.problems(cursor)
            tenants = tenant_keys.tenant_tables(cursor)
            fks = tenant_keys.foreign_keys(cursor)
            statements = tenant_keys.citus_sql(cursor) if options["citus_sql"] else []
        if options["list"]:
            for table in sorted(tenants):
                self.stdout.write(f"distributed: {table}")
            referenced = {fk.to_table for fk in fks if fk.table in tenants} - tenants
            for table in sorted(referenced):
                self.stdout.write(f"reference: {table}")
        if found:
            for problem in found:
                self.stderr.write(problem)
            raise CommandError(f"{len(found)} tables or keys are not keyed by organisation.")
        for statement in statements:
            self.stdout.write(statement)
        if not statements:
            self.stdout.write(f"Tenant keys in order: {len(tenants)} tenant tables checked.")
