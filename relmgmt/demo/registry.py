"""Domain apps register their demo data here from their ``demo`` module:

    from relmgmt.demo.registry import register

    @register
    def seed(organization): ...

A seeder runs inside the organisation's scope and must be idempotent. An app whose logins
act for one of its records (the supplier portal's) registers them as ``DemoPerson`` with
``people.append``: they are made after the records, and even when only people are seeded.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

seeders: list[Callable[[Any], None]] = []


@dataclass(frozen=True)
class DemoPerson:
    """A demo login ``<local>@<slug>.example``; ``acts_for(organization)`` gives the record
    a portal user acts for (made if missing), None for staff."""

    local: str
    role: str
    full_name: str
    acts_for: Callable[[Any], Any] | None = None


people: list[DemoPerson] = []


def register(seeder):
    if seeder not in seeders:
        seeders.append(seeder)
    return seeder


def register_person(person: DemoPerson) -> DemoPerson:
    if person not in people:
        people.append(person)
    return person
