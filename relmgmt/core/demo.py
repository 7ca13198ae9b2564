"""Demo data: the contract's organisations and logins. Each domain app adds its own records
by providing ``<app>/demo.py`` with ``seed(organization)``; seeding is idempotent."""

from django.contrib.auth import get_user_model
from django.utils.module_loading import autodiscover_modules

from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership, Organization
from suppliers.models import Supplier
from suppliers.services import register as supplier_services

DEMO_PASSWORD = "relmgmt-demo"  # noqa: S105 (published demo password, see README)
DEMO_ORGANIZATIONS = [
    ("acme", "Acme Precision Parts Ltd", "Europe/London"),
    ("globex", "Globex Components GmbH", "Europe/Berlin"),
]
# The suppliers the two portal logins act for (the suppliers' demo adds the rest).
DEMO_SUPPLIERS = [
    ("SUP-001", "Northwind Castings", ["components"]),
    ("SUP-002", "Contoso Fasteners", ["components"]),
]
DEMO_PEOPLE = [
    ("admin", Role.ADMIN, "Alex Admin", None),
    ("manager", Role.MANAGER, "Morgan Manager", None),
    ("auditor", Role.AUDITOR, "Avery Auditor", None),
    ("supplier", Role.SUPPLIER, "Sam Supplier", "SUP-001"),
    ("supplier2", Role.SUPPLIER, "Sasha Supplier", "SUP-002"),
]


def seed_organization(slug: str, name: str, timezone_name: str) -> Organization:
    """The organisation and its staff logins; portal logins come after the records."""
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        organization = Organization(slug=slug, name=name, timezone=timezone_name)
        organization.save()
    with org_scope(organization):
        for local, role, full_name, _supplier_code in DEMO_PEOPLE:
            if role != Role.SUPPLIER:
                _seed_person(organization, f"{local}@{slug}.example", role, full_name)
    return organization


def _seed_person(organization, email, role, full_name, supplier=None) -> None:
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD)
        user.full_name = full_name
        user.save()
    if not Membership.objects.filter(user=user).exists():
        Membership.objects.create(
            organization=organization, user=user, role=role, supplier=supplier
        )


def seed_portal_users(organization) -> None:
    """The two supplier portal logins, each acting for its own supplier (created with its
    party if the suppliers' demo has not made it)."""
    suppliers = {}
    for code, name, categories in DEMO_SUPPLIERS:
        supplier = Supplier.objects.filter(code=code).first()
        if supplier is None:
            supplier = supplier_services.supplier_create(
                organization=organization,
                actor=None,
                data={"code": code, "name": name, "categories": categories},
            )
        suppliers[code] = supplier
    for local, role, full_name, supplier_code in DEMO_PEOPLE:
        if role == Role.SUPPLIER:
            email = f"{local}@{organization.slug}.example"
            _seed_person(organization, email, role, full_name, suppliers[supplier_code])


def seed_demo(*, records: bool = True) -> list[Organization]:
    """The demo organisations and logins, and (unless ``records`` is false, for tests that
    need only the people) every domain app's demo records."""
    autodiscover_modules("demo")
    from relmgmt.core import demo_registry

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
