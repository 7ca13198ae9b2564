"""Demo purchase spend: the last two full calendar years, per supplier and category. Logistics
has two approved sources, but Tailspin Logistics held about 70% of the category's spend two
years ago and about 87% last year: above the default share (80%), so logistics is flagged
single-source by share of spend. Elsewhere the spend is spread (components, raw material,
calibration), or the category has one approved source anyway (packaging, tooling).
Seeding again adds nothing once any spend is recorded."""

from decimal import Decimal

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Supplier, SupplierSpend
from suppliers.services import spend as services

# code, category, spend two years ago, spend last year
DEMO_SPEND = [
    ("SUP-005", "logistics", 300_000, 412_000),
    ("SUP-015", "logistics", 130_000, 63_000),
    ("SUP-001", "components", 410_000, 455_000),
    ("SUP-002", "components", 120_000, 131_500),
    ("SUP-011", "components", 64_000, 70_250),
    ("SUP-017", "components", 188_000, 176_400),
    ("SUP-028", "components", 240_000, 262_000),
    ("SUP-003", "raw_material", 520_000, 548_000),
    ("SUP-014", "raw_material", 310_000, 298_500),
    ("SUP-023", "raw_material", 45_000, 0),
    ("SUP-004", "special_process", 90_000, 96_300),
    ("SUP-019", "special_process", 150_000, 161_000),
    ("SUP-008", "special_process", 40_000, 12_000),
    ("SUP-006", "calibration", 24_000, 25_600),
    ("SUP-025", "calibration", 21_000, 19_800),
    ("SUP-007", "packaging", 30_000, 33_700),
    ("SUP-026", "packaging", 8_000, 0),
    ("SUP-009", "tooling", 86_000, 92_000),
]


@register
def seed(organization):
    if SupplierSpend.objects.filter(organization=organization).exists():
        return
    actor = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
    )
    suppliers = {
        supplier.code: supplier
        for supplier in Supplier.objects.filter(
            organization=organization, code__in={code for code, *_rest in DEMO_SPEND}
        )
    }
    year = organization_today(organization).year
    items = [
        services.Item(
            position=index,
            values={
                "supplier": suppliers[code],
                "category": category,
                "year": year - back,
                "amount": Decimal(amount),
            },
        )
        for index, (code, category, *amounts) in enumerate(DEMO_SPEND)
        if code in suppliers
        for back, amount in zip((2, 1), amounts, strict=True)
    ]
    services.spends_write_many(
        organization=organization,
        actor=actor.user if actor else None,
        items=items,
        reason="Demo data",
    )
