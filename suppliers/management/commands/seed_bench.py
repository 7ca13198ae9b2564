"""``manage.py seed_bench``: benchmark data for the scorecards.

One large organisation (default 5,000 suppliers, each with its party, and 1,000,000
deliveries over the last two years) and 49 small ones, inserted in bulk.

Benchmark data bypasses the audit trail: its rows are inserted directly, not through the
services, so they have no history (the organisations, members and scorecard definitions,
made through the services, do). ``verify_audit_trail`` still passes: the trail holds no
event that these inserts could contradict. Never run it against a production database.
"""

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from parties.models import Party
from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.policy import Role
from relmgmt.tenancy.models import Organization
from relmgmt.tenancy.services import membership_add, organization_create
from suppliers.models import Delivery, Supplier
from suppliers.services.scorecards import definitions as scorecard_definitions

PASSWORD = "relmgmt-bench"  # noqa: S105 (benchmark data only)
DELIVERY_COLUMNS = (
    "organization_id",
    "supplier_id",
    "order_reference",
    "item",
    "promised_date",
    "received_date",
    "quantity_ordered",
    "quantity_received",
    "quantity_rejected",
    "rejection_reason",
    "over_delivery",
    "created_at",
    "updated_at",
)
CHUNK = 20_000


class Command(BaseCommand):
    help = (
        "Generate benchmark data: one large organisation (5,000 suppliers with their parties "
        "and 1,000,000 deliveries over two years by default) and 49 small ones, by bulk "
        "inserts. Benchmark data bypasses the audit trail (verify_audit_trail still passes); "
        "never run it against a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="bench")
        parser.add_argument("--suppliers", type=int, default=5_000)
        parser.add_argument("--deliveries", type=int, default=1_000_000)
        parser.add_argument("--small-orgs", type=int, default=49)
        parser.add_argument("--small-suppliers", type=int, default=20)
        parser.add_argument("--small-deliveries", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=42)

    def handle(self, *args, **options):
        if Organization.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"Organisation {options['slug']!r} exists: already seeded.")
        started = time.perf_counter()
        rng = random.Random(options["seed"])  # noqa: S311 (benchmark data)
        seed_organization(
            slug=options["slug"],
            suppliers=options["suppliers"],
            deliveries=options["deliveries"],
            rng=rng,
        )
        for n in range(options["small_orgs"]):
            seed_organization(
                slug=f"{options['slug']}-small-{n + 1:02d}",
                suppliers=options["small_suppliers"],
                deliveries=options["small_deliveries"],
                rng=rng,
            )
        self.stdout.write(
            f"Seeded {options['slug']} ({options['suppliers']:,} suppliers, "
            f"{options['deliveries']:,} deliveries) and {options['small_orgs']} small "
            f"organisations in {time.perf_counter() - started:.1f} s."
        )


def _plain(model):
    """A queryset without the audit recording (benchmark data only)."""
    return models.QuerySet(model)


def seed_organization(*, slug, suppliers, deliveries, rng):
    organization = organization_create(name=f"Bench {slug}", slug=slug)
    manager = get_user_model().objects.create_user(
        email=f"manager@{slug}.example", password=PASSWORD
    )
    membership_add(organization=organization, user=manager, role=Role.MANAGER)
    now = timezone.now()
    with org_scope(organization), transaction.atomic():
        parties = _plain(Party).bulk_create(
            [
                Party(organization=organization, name=f"Supplier {n:05d}", types=["supplier"])
                for n in range(suppliers)
            ],
            batch_size=2_000,
        )
        created = _plain(Supplier).bulk_create(
            [
                Supplier(
                    organization=organization,
                    party=party,
                    code=f"B{n:05d}",
                    categories=["components"],
                    status="approved",
                )
                for n, party in enumerate(parties)
            ],
            batch_size=2_000,
        )
        _insert_deliveries(organization, [s.pk for s in created], deliveries, rng, now)
    # The definition goes through the service (audited), without consequences: a benchmark
    # suspends nobody.
    scorecard_definitions.definition_save(
        organization=organization,
        actor=manager,
        period="monthly",
        criteria=scorecard_definitions.DEFAULT_CRITERIA,
        consequences={},
        note="Benchmark",
        recompute=False,
    )
    return organization


def _insert_deliveries(organization, supplier_ids, total, rng, now):
    today = timezone.localdate()
    # Each supplier has its own habits, so that scores spread over every standing.
    habits = {pk: (rng.random() * 0.5, rng.random() * 0.2) for pk in supplier_ids}
    stamp = connection.ops.adapt_datetimefield_value(now)
    placeholders = ", ".join(["%s"] * len(DELIVERY_COLUMNS))
    sql = (
        f"INSERT INTO {Delivery._meta.db_table} ({', '.join(DELIVERY_COLUMNS)}) "
        f"VALUES ({placeholders})"
    )
    with scopes_disabled(), connection.cursor() as cursor:
        for start in range(0, total, CHUNK):
            rows = []
            for n in range(start, min(total, start + CHUNK)):
                supplier_id = supplier_ids[n % len(supplier_ids)]
                late_odds, reject_odds = habits[supplier_id]
                received = today - timedelta(days=rng.randrange(730))
                late = rng.randint(1, 15) if rng.random() < late_odds else -rng.randint(0, 3)
                promised = received - timedelta(days=late)
                ordered = rng.choice((10, 50, 100, 500))
                rejected = rng.randint(1, ordered // 5 + 1) if rng.random() < reject_odds else 0
                rows.append(
                    (
                        organization.pk,
                        supplier_id,
                        f"PO-{n:07d}",
                        "Part",
                        connection.ops.adapt_datefield_value(promised),
                        connection.ops.adapt_datefield_value(received),
                        ordered,
                        ordered,
                        rejected,
                        "Out of tolerance" if rejected else "",
                        False,
                        stamp,
                        stamp,
                    )
                )
            if connection.vendor == "postgresql":
                from psycopg2.extras import execute_values

                execute_values(
                    cursor.cursor,
                    sql.replace(f"VALUES ({placeholders})", "VALUES %s"),
                    rows,
                    page_size=5_000,
                )
            else:
                cursor.executemany(sql, rows)
