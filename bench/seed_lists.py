"""Large organisations for the list benchmarks, seeded by bulk inserts: a manager, then
parties (and suppliers for them) in the spread of values the lists filter and sort on."""

from django.db import connection

from parties.models import Party, PartyType, Tier
from relmgmt.accounts.models import User
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy.services import membership_add, organization_create

TYPES = PartyType.values
TIERS = Tier.values


def organization_with_manager(name: str, slug: str):
    organization = organization_create(name=name, slug=slug)
    manager = User.objects.create_user(email=f"manager@{slug}.example", password="bench")
    membership_add(organization=organization, user=manager, role=Role.MANAGER)
    return organization, manager


def bulk_parties(organization, owner, count: int, *, prefix: str = "Party") -> list[Party]:
    """``count`` parties named ``{prefix} 00000`` on, every type, tier and score among them."""
    with org_scope(organization):
        return Party.objects.bulk_create(
            [
                Party(
                    organization=organization,
                    name=f"{prefix} {n:05d}",
                    types=[TYPES[n % len(TYPES)]],
                    tier=TIERS[n % len(TIERS)],
                    owner=owner,
                    influence=n % 5 + 1,
                    interest=(n // 5) % 5 + 1,
                    tags=["bench"] if n % 10 == 0 else [],
                )
                for n in range(count)
            ],
            batch_size=2_000,
        )


def a_change(organization, model, field: str, **which):
    """A function changing one record's ``field`` (one its list does not show) to a new
    value each call: the list shows the same rows, but its count is taken afresh (the
    audit trail has moved on; see relmgmt.core.pagination)."""
    values = iter(range(1_000_000))

    def change():
        with org_scope(organization):
            model.objects.filter(organization=organization, **which).update(
                **{field: f"{next(values)}"}
            )

    return change


def analyze(*tables: str) -> None:
    """On PostgreSQL, as autovacuum would soon after a bulk load: statistics for the
    planner, and the visibility map that lets an index answer alone."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")
