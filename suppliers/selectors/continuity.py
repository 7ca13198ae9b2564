"""Supply continuity read from the register: for each category of what suppliers supply,
its approved sources (suppliers on the approved supplier list that supply it), whether it
is single-source or left without an approved source, its criticality (the highest of its
suppliers'), its backup supplier and its contingency plans. Three queries whatever the
number of suppliers: the suppliers, the categories' arrangements, the plans."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from suppliers.models import CategorySourcing, ContingencyPlan, Supplier
from suppliers.models.register import ASL_STATUSES, ApprovalStatus, Category, Criticality

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

# Highest first: a category is as critical as its most critical supplier.
CRITICALITY_RANK: dict[str, int] = {
    Criticality.CRITICAL: 3,
    Criticality.MAJOR: 2,
    Criticality.MINOR: 1,
}
EVALUATED_STATUSES = (ApprovalStatus.PROSPECTIVE, ApprovalStatus.UNDER_EVALUATION)


@dataclass
class CategoryContinuity:
    category: str
    label: str
    approved: list[Supplier] = field(default_factory=list)
    others: list[Supplier] = field(default_factory=list)  # supplying it, not approved
    criticality: str = Criticality.MINOR
    sourcing: CategorySourcing | None = None
    plans: list[ContingencyPlan] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len(self.approved)

    @property
    def single_source(self) -> bool:
        return self.sources == 1

    @property
    def without_source(self) -> bool:
        return self.sources == 0

    @property
    def criticality_label(self) -> str:
        return Criticality(self.criticality).label

    @property
    def backup(self) -> Supplier | None:
        return self.sourcing.backup_supplier if self.sourcing else None

    @property
    def backup_state(self) -> str:
        """approved, in_evaluation, or blank (none, or a backup neither approved nor being
        evaluated: suspended or disqualified, which is no backup)."""
        backup = self.backup
        if backup is None:
            return ""
        if backup.status in ASL_STATUSES:
            return "approved"
        if backup.status in EVALUATED_STATUSES:
            return "in_evaluation"
        return ""

    @property
    def at_risk(self) -> bool:
        """Single-source or without an approved source, with no approved backup."""
        return self.sources <= 1 and self.backup_state != "approved"

    @property
    def needs_plan(self) -> bool:
        return self.criticality == Criticality.CRITICAL and self.at_risk and not self.plans


def plans(*, organization: Organization) -> QuerySet[ContingencyPlan]:
    return ContingencyPlan.objects.filter(organization=organization).select_related(
        "supplier__party", "owner"
    )


def sourcings(*, organization: Organization) -> QuerySet[CategorySourcing]:
    return CategorySourcing.objects.filter(organization=organization).select_related(
        "backup_supplier__party"
    )


def continuity(*, organization: Organization) -> list[CategoryContinuity]:
    """Every category supplied by a supplier (disqualified ones aside) or arranged for, in
    the order of the categories."""
    labels = dict(Category.choices)
    found: dict[str, CategoryContinuity] = {}

    def entry(category: str) -> CategoryContinuity:
        if category not in found:
            found[category] = CategoryContinuity(category, labels.get(category, category))
        return found[category]

    suppliers = (
        Supplier.objects.filter(organization=organization)
        .exclude(status=ApprovalStatus.DISQUALIFIED)
        .select_related("party")
        .order_by("code")
    )
    for supplier in suppliers:
        for category in supplier.categories or []:
            row = entry(category)
            (row.approved if supplier.status in ASL_STATUSES else row.others).append(supplier)
    for row in found.values():
        ranked = row.approved or row.others
        row.criticality = max(
            (s.criticality for s in ranked),
            key=lambda value: CRITICALITY_RANK.get(value, 0),
            default="minor",
        )
    for sourcing in sourcings(organization=organization):
        entry(sourcing.category).sourcing = sourcing
    supplier_categories: dict[int, list[str]] = {}
    for row in found.values():
        for supplier in row.approved + row.others:
            supplier_categories.setdefault(supplier.pk, []).append(row.category)
    for plan in plans(organization=organization):
        if plan.category:
            entry(plan.category).plans.append(plan)
        elif plan.supplier_id is not None:
            for category in supplier_categories.get(plan.supplier_id, []):
                found[category].plans.append(plan)
    return [found[key] for key in labels if key in found]


def for_supplier(rows: list[CategoryContinuity], supplier: Supplier) -> list[CategoryContinuity]:
    """The categories ``supplier`` supplies, or is the backup of."""
    return [
        row
        for row in rows
        if row.category in (supplier.categories or [])
        or (row.sourcing is not None and row.sourcing.backup_supplier_id == supplier.pk)
    ]


def single_source_flags(rows: list[CategoryContinuity]) -> dict[int, list[CategoryContinuity]]:
    """Per approved supplier: the categories for which it is the only approved source (for
    the register's list)."""
    flags: dict[int, list[CategoryContinuity]] = {}
    for row in rows:
        if row.single_source:
            flags.setdefault(row.approved[0].pk, []).append(row)
    return flags


def left_without_source(
    *, organization: Organization, supplier: Supplier
) -> list[CategoryContinuity]:
    """The categories ``supplier`` supplies that have no approved source now (after it
    was suspended or disqualified)."""
    return [row for row in for_supplier(continuity(organization=organization), supplier)
            if row.category in (supplier.categories or []) and row.without_source]  # fmt: skip


CONTINUITY_HEADERS = [
    "Category",
    "Criticality",
    "Approved sources",
    "Approved suppliers",
    "Single source",
    "Without an approved source",
    "Backup supplier",
    "Backup state",
    "Backup decided by",
    "Contingency plans",
    "Next plan review",
]


def continuity_table(rows: list[CategoryContinuity]) -> tuple[list[str], list[list]]:
    """The rows of the continuity page as one table (the CSV and XLSX export)."""
    states = {"approved": "Approved", "in_evaluation": "In evaluation"}
    table = []
    for row in rows:
        backup = row.backup
        due = [plan.next_review_on for plan in row.plans if plan.next_review_on]
        table.append(
            [
                row.label,
                row.criticality_label,
                row.sources,
                ", ".join(supplier.code for supplier in row.approved),
                "yes" if row.single_source else "no",
                "yes" if row.without_source else "no",
                backup.code if backup else "",
                states.get(row.backup_state, ""),
                row.sourcing.backup_due_on.isoformat()
                if row.sourcing and row.sourcing.backup_due_on
                else "",
                "; ".join(plan.title for plan in row.plans),
                min(due).isoformat() if due else "",
            ]
        )
    return CONTINUITY_HEADERS, table
