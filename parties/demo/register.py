"""A believable register for the demo organisations: about forty parties of every type,
with owners, needs and review dates (some overdue). Other areas of the register add their
records to these parties from their own demo modules."""

import random
from datetime import timedelta

from parties.demo.contacts import seed_contacts
from parties.demo.plans import seed_plans
from parties.demo.reviews import seed_reviews
from parties.models import Need, Party, PartyType, Tier
from parties.services import register as services
from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

DEMO_PARTIES = [
    # name, types, tier, influence, interest, tags
    ("Volta Motors", ["customer"], Tier.STRATEGIC, 5, 5, ["automotive", "key account"]),
    ("Helios Aerospace", ["customer"], Tier.STRATEGIC, 5, 4, ["aerospace", "key account"]),
    ("Nordic Rail Systems", ["customer"], Tier.MANAGED, 4, 3, ["rail"]),
    ("Brightwater Pumps", ["customer"], Tier.MANAGED, 3, 3, ["industrial"]),
    ("Kestrel Robotics", ["customer", "partner"], Tier.STRATEGIC, 4, 5, ["automation"]),
    ("Orchid Medical Devices", ["customer"], Tier.MANAGED, 4, 4, ["medical"]),
    ("Granite Agricultural", ["customer"], Tier.TRANSACTIONAL, 2, 2, ["agriculture"]),
    ("Pioneer Marine", ["customer"], Tier.TRANSACTIONAL, 2, 3, ["marine"]),
    ("Summit Elevators", ["customer"], Tier.MANAGED, 3, 4, ["construction"]),
    ("Atlas Energy", ["customer"], Tier.MANAGED, 4, 2, ["energy"]),
    ("Northwind Castings", ["supplier"], Tier.STRATEGIC, 4, 4, ["castings", "critical"]),
    ("Contoso Fasteners", ["supplier"], Tier.MANAGED, 3, 3, ["fasteners"]),
    ("Fabrikam Steel", ["supplier"], Tier.STRATEGIC, 5, 3, ["raw material", "critical"]),
    ("Litware Coatings", ["supplier"], Tier.MANAGED, 3, 3, ["surface treatment"]),
    ("Tailspin Logistics", ["supplier"], Tier.MANAGED, 3, 2, ["logistics"]),
    ("Adatum Calibration", ["supplier"], Tier.TRANSACTIONAL, 2, 2, ["calibration"]),
    ("Proseware Packaging", ["supplier"], Tier.TRANSACTIONAL, 2, 2, ["packaging"]),
    ("Wingtip Heat Treatment", ["supplier"], Tier.MANAGED, 4, 3, ["special process"]),
    ("Lucerne Tooling", ["supplier", "partner"], Tier.STRATEGIC, 4, 4, ["tooling"]),
    ("Alpine Design Partners", ["partner"], Tier.MANAGED, 3, 4, ["engineering"]),
    ("Coho Research Institute", ["partner"], Tier.MANAGED, 2, 4, ["research"]),
    ("Fourth Coffee Ventures", ["investor"], Tier.STRATEGIC, 5, 3, ["board"]),
    ("Woodgrove Bank", ["investor"], Tier.MANAGED, 4, 2, ["finance"]),
    ("Employee council", ["employee_group"], Tier.STRATEGIC, 4, 5, ["works council"]),
    ("Shop-floor team leaders", ["employee_group"], Tier.MANAGED, 3, 5, []),
    ("Apprentices", ["employee_group"], Tier.TRANSACTIONAL, 1, 4, ["training"]),
    ("Metalworkers' union", ["employee_group"], Tier.MANAGED, 4, 4, ["union"]),
    ("Health and Safety Executive", ["regulator"], Tier.STRATEGIC, 5, 2, ["safety"]),
    ("Environment Agency", ["regulator"], Tier.MANAGED, 5, 2, ["environment"]),
    ("Certification body (ISO 9001)", ["regulator"], Tier.STRATEGIC, 5, 3, ["certification"]),
    ("Customs and excise", ["regulator"], Tier.TRANSACTIONAL, 3, 1, ["trade"]),
    ("Riverside residents' association", ["community"], Tier.MANAGED, 2, 4, ["noise"]),
    ("Local primary school", ["community"], Tier.TRANSACTIONAL, 1, 3, ["outreach"]),
    ("Town council", ["community", "regulator"], Tier.MANAGED, 3, 3, ["planning"]),
    ("Chamber of commerce", ["community"], Tier.TRANSACTIONAL, 2, 2, []),
    ("Industry standards committee", ["other"], Tier.MANAGED, 3, 2, ["standards"]),
    ("Insurance underwriter", ["other"], Tier.MANAGED, 4, 2, ["insurance"]),
    ("Trade press", ["other"], Tier.TRANSACTIONAL, 2, 2, ["media"]),
    ("Former owner (pension trust)", ["investor"], Tier.TRANSACTIONAL, 2, 1, [], "inactive"),
    ("Prospective customer: Zephyr Drones", ["customer"], Tier.MANAGED, 2, 3, [], "prospective"),
]

NEEDS_BY_TYPE = {
    PartyType.CUSTOMER: [
        ("Deliveries on time and in full", "OTIF measured monthly on the customer portal"),
        ("Parts conforming to drawing, PPM below target", "Customer scorecard, 8D on every claim"),
    ],
    PartyType.SUPPLIER: [
        ("Forecasts three months ahead", "Monthly forecast sent; reviewed at the QBR"),
        ("Payment within agreed terms", "Finance report of overdue invoices"),
    ],
    PartyType.PARTNER: [("Shared roadmap and fair share of results", "Joint steering meeting")],
    PartyType.INVESTOR: [("Stable margins and certified QMS", "Quarterly board report")],
    PartyType.EMPLOYEE_GROUP: [("Safe workplace and training", "Safety KPIs, training matrix")],
    PartyType.REGULATOR: [("Compliance with permits and law", "Compliance register, audits")],
    PartyType.COMMUNITY: [("Low noise and traffic at night", "Complaints log, noise checks")],
    PartyType.OTHER: [("Timely, accurate information", "Annual review")],
}


@register
def seed(organization):
    if Party.objects.filter(organization=organization).exists():
        return
    people = {
        membership.role: membership.user
        for membership in Membership.objects.filter(organization=organization).select_related(
            "user"
        )
        if membership.role in (Role.ADMIN, Role.MANAGER)
    }
    owners = [people[Role.MANAGER], people[Role.ADMIN]]
    actor = people[Role.MANAGER]
    rng = random.Random(organization.slug)  # noqa: S311 (demo data, not security)
    today = organization_today(organization)
    parties = []
    for index, row in enumerate(DEMO_PARTIES):
        name, types, tier, influence, interest, tags, *rest = row
        status = rest[0] if rest else Party.Status.ACTIVE
        # Every fifth party is overdue for review; the rest are due over the coming months.
        if index % 5 == 2:
            due = today - timedelta(days=rng.randint(3, 40))
        else:
            due = today + timedelta(days=rng.randint(5, 200))
        party = services.party_create(
            organization=organization,
            actor=actor,
            data={
                "name": name,
                "types": types,
                "tier": tier,
                "status": status,
                "owner": owners[index % 2],
                "influence": influence,
                "interest": interest,
                "tags": tags,
                "description": f"{name}: {', '.join(types).replace('_', ' ')} of "
                f"{organization.name}.",
                "next_review_due": due,
            },
        )
        parties.append(party)
        for description, monitoring in NEEDS_BY_TYPE[types[0]]:
            services.need_create(
                organization=organization,
                actor=actor,
                party=party,
                data={
                    "description": description,
                    "monitoring": monitoring,
                    "status": rng.choice([Need.Status.IDENTIFIED, Need.Status.ADDRESSED]),
                },
            )
    seed_contacts(organization, actor, parties)
    seed_reviews(organization, actor, parties)
    seed_plans(organization, actor, parties)
