"""Demo data: the contract's organisations and logins. Each domain app adds its own records
(and the logins that act for them) by providing ``<app>/demo`` and registering in
``relmgmt.demo.registry``; seeding is idempotent."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils.module_loading import autodiscover_modules

from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.demo import registry as demo_registry
from relmgmt.demo.registry import DemoPerson
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership, Organization

DEMO_PASSWORD = "relmgmt-demo"  # noqa: S105 (published demo password, see README)
DEMO_ORGANIZATIONS = [
    ("acme", "Acme Precision Parts Ltd", "Europe/London"),
    ("globex", "Globex Components GmbH", "Europe/Berlin"),
]
for _person in (
    DemoPerson("admin", Role.ADMIN, "Alex Admin"),
    DemoPerson("manager", Role.MANAGER, "Morgan Manager"),
    DemoPerson("auditor", Role.AUDITOR, "Avery Auditor"),
):
    demo_registry.register_person(_person)


def demo_people() -> list[DemoPerson]:
    """Every demo login: the staff's, then those the apps registered."""
    autodiscover_modules("demo")
    return sorted(demo_registry.people, key=lambda person: person.acts_for is not None)


def demo_logins(slug: str) -> list[str]:
    return [f"{person.local}@{slug}.example" for person in demo_people()]


def seed_organization(slug: str, name: str, timezone_name: str) -> Organization:
    """The organisation and its staff logins; portal logins come after the records."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        organization = Organization(slug=slug, name=name, timezone=timezone_name)
        organization.save()
    with org_scope(organization):
        for person in demo_people():
            if person.acts_for is None:
                seed_person(organization, person)
    return organization


@functools.cache
def _demo_password_hash() -> str:
    # Hashed once for every demo login: each hash costs the hasher's full work factor,
    # about half a second, and all the demo logins share the published password anyway.
    return make_password(DEMO_PASSWORD)


def seed_person(organization, person: DemoPerson) -> None:
    User = get_user_model()
    email = f"{person.local}@{organization.slug}.example"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email)
        user.password = _demo_password_hash()
        user.full_name = person.full_name
        user.save()
    if not Membership.objects.filter(user=user).exists():
        acts_for = person.acts_for(organization) if person.acts_for else None
        Membership.objects.create(
            organization=organization, user=user, role=person.role, supplier=acts_for
        )


def seed_portal_users(organization) -> None:
    """The logins that act for a record of an app (the supplier portal's)."""
    for person in demo_people():
        if person.acts_for is not None:
            seed_person(organization, person)


def seed_demo(*, records: bool = True) -> list[Organization]:
    """The demo organisations and logins, and (unless ``records`` is false, for tests that
    need only the people) every domain app's demo records."""
    autodiscover_modules("demo")
    organizations = []
    with acting_as(None, label="demo data", source="command"):
        for slug, name, timezone_name in DEMO_ORGANIZATIONS:
            organization = seed_organization(slug, name, timezone_name)
            with org_scope(organization):
                for seed in demo_registry.seeders if records else []:
                    seed(organization)
                seed_portal_users(organization)
            organizations.append(organization)
    return organizations
