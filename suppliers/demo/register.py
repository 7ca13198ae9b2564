"""A believable supplier register for the demo organisations: thirty suppliers across every
approval status and criticality, each brought to its status by the history import, with
the day each change happened over the last two years (one suspended and reinstated).
The register's supplier parties become these suppliers; the rest are added as parties of
their own. Suppliers already there are left as they are."""

import random
from datetime import timedelta

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.demo.history import FORMER_MANAGER, fact, import_history
from suppliers.models import Supplier
from suppliers.services import register as services

# The way to each status from prospective, as events with their reasons, brought in as the
# organisation's history (``suppliers.demo.history``): each supplier was approved in its own
# month over the last two years.
PATHS = {
    "prospective": [],
    "under_evaluation": [("evaluate", "Questionnaire and samples requested")],
    "approved": [
        ("evaluate", "Questionnaire returned; site audit planned"),
        ("approve", "Site audit passed; first articles conforming"),
    ],
    "conditionally_approved": [
        ("evaluate", "Questionnaire returned"),
        ("approve_conditionally", "Audit found two minor nonconformities"),
    ],
    "suspended": [
        ("evaluate", "Questionnaire returned"),
        ("approve", "Audit passed"),
        ("suspend", "Three late deliveries and a quality escape this quarter"),
    ],
    "disqualified": [
        ("evaluate", "Questionnaire returned"),
        ("disqualify", "Could not show a controlled process; certificate withdrawn"),
    ],
}
# Approved, then suspended for a while and reinstated: (days ago, event, reason).
REINSTATED = {
    "SUP-017": [
        (330, "suspend", "Porosity escape in two lots; containment at our cost"),
        (270, "reinstate", "8D closed; process audit passed"),
    ]
}
CONDITIONS = "Close both findings with 8D reports; monthly quality review"


def _days_ago(index: int, status: str, step: int, rng) -> int:
    """When a supplier's ``step``-th event happened, in days before today."""
    if status == "under_evaluation":
        return rng.randint(20, 120)
    if status == "suspended" and step == 2:
        return rng.randint(40, 90)
    # Evaluated between about two years and eight months ago, a month apart or so.
    started = 730 - index * 17
    return started - 21 * step


def history_rows(index, code, status, today, rng, manager) -> list[dict]:
    rows = []
    for step, (event, reason) in enumerate(PATHS[status]):
        day = today - timedelta(days=_days_ago(index, status, step, rng))
        rows.append(_fact(code, event, day, reason, today, manager, rng))
    for days, event, reason in REINSTATED.get(code, []):
        rows.append(_fact(code, event, today - timedelta(days=days), reason, today, manager, rng))
    return rows


def _fact(code, event, day, reason, today, manager, rng) -> dict:
    conditional = event == "approve_conditionally"
    return fact(
        code,
        event,
        day,
        # Before a year ago, decided by the quality manager of the time (a name).
        decided_by=FORMER_MANAGER if (today - day).days > 365 else manager.email,
        reason=reason,
        conditions=CONDITIONS if conditional else "",
        conditions_until=today + timedelta(days=rng.randint(30, 120)) if conditional else "",
    )


DEMO_SUPPLIERS = [
    # code, name, categories, criticality, status
    ("SUP-001", "Northwind Castings", ["components"], "critical", "approved"),
    ("SUP-002", "Contoso Fasteners", ["components"], "major", "approved"),
    ("SUP-003", "Fabrikam Steel", ["raw_material"], "critical", "approved"),
    ("SUP-004", "Litware Coatings", ["special_process"], "critical", "conditionally_approved"),
    ("SUP-005", "Tailspin Logistics", ["logistics"], "major", "approved"),
    ("SUP-006", "Adatum Calibration", ["calibration"], "major", "approved"),
    ("SUP-007", "Proseware Packaging", ["packaging"], "minor", "approved"),
    ("SUP-008", "Wingtip Heat Treatment", ["special_process"], "critical", "suspended"),
    ("SUP-009", "Lucerne Tooling", ["tooling"], "major", "approved"),
    ("SUP-010", "Baltic Aluminium", ["raw_material"], "critical", "under_evaluation"),
    ("SUP-011", "Cobalt Precision Springs", ["components"], "major", "approved"),
    ("SUP-012", "Delta Rubber Seals", ["components"], "major", "conditionally_approved"),
    ("SUP-013", "Eastgate Electroplating", ["special_process"], "critical", "disqualified"),
    ("SUP-014", "Foundry Partners Wales", ["components", "raw_material"], "critical", "approved"),
    ("SUP-015", "Greenline Freight", ["logistics"], "minor", "approved"),
    ("SUP-016", "Harbour Crating", ["packaging"], "minor", "prospective"),
    ("SUP-017", "Ironbridge Machining", ["components"], "major", "approved"),
    ("SUP-018", "Juniper Metrology", ["calibration", "services"], "major", "under_evaluation"),
    ("SUP-019", "Keystone Welding", ["special_process"], "critical", "approved"),
    ("SUP-020", "Lumen Industrial Software", ["software"], "minor", "approved"),
    ("SUP-021", "Meridian Bearings", ["components"], "critical", "conditionally_approved"),
    ("SUP-022", "Northgate Cleaning Services", ["services"], "minor", "approved"),
    ("SUP-023", "Oakridge Polymers", ["raw_material"], "major", "suspended"),
    ("SUP-024", "Pinnacle Fixtures", ["tooling"], "major", "prospective"),
    ("SUP-025", "Quayside Testing Laboratory", ["calibration"], "major", "approved"),
    ("SUP-026", "Redwood Pallets", ["packaging"], "minor", "disqualified"),
    ("SUP-027", "Silverline Gaskets", ["components"], "minor", "under_evaluation"),
    ("SUP-028", "Tidewater Forgings", ["components"], "critical", "approved"),
    ("SUP-029", "Unity IT Services", ["software", "services"], "minor", "prospective"),
    ("SUP-030", "Vantage Industrial Supplies", ["other"], "minor", "approved"),
]


@register
def seed(organization):
    people = {
        membership.role: membership.user
        for membership in Membership.objects.filter(organization=organization).select_related(
            "user"
        )
        if membership.role in (Role.ADMIN, Role.MANAGER)
    }
    owners = [people[Role.MANAGER], people[Role.ADMIN]]
    actor = people[Role.MANAGER]
    rng = random.Random(f"suppliers-{organization.slug}")  # noqa: S311 (demo data)
    today = organization_today(organization)
    existing = set(Supplier.objects.values_list("code", flat=True))
    created = []
    for index, (code, name, categories, criticality, status) in enumerate(DEMO_SUPPLIERS):
        if code in existing:
            continue
        supplier = services.supplier_create(
            organization=organization,
            actor=actor,
            data={
                "code": code,
                "name": name,
                "categories": categories,
                "criticality": criticality,
                "owner": owners[index % 2],
            },
        )
        created.append((index, supplier, status))
    import_history(
        organization,
        actor,
        [
            row
            for index, supplier, status in created
            for row in history_rows(index, supplier.code, status, today, rng, actor)
        ],
    )
    for index, supplier, status in created:
        supplier.refresh_from_db()
        if status in ("approved", "conditionally_approved", "under_evaluation"):
            # Every sixth is overdue for re-evaluation; the rest are due over the year.
            if index % 6 == 2:
                due = today - timedelta(days=rng.randint(5, 60))
            else:
                due = today + timedelta(days=rng.randint(20, 360))
            services.supplier_update(
                organization=organization,
                actor=actor,
                supplier=supplier,
                data={"next_evaluation_due": due},
                reason="Re-evaluation planned",
            )
