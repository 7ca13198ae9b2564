"""Supply continuity read from the register: for each category of what suppliers supply,
its approved sources (suppliers on the approved supplier list that supply it), whether it
is single-source or left without an approved source, its criticality (the highest of its
suppliers'), its backup supplier and its contingency plans. Four queries whatever the
number of suppliers: the suppliers, the spend leads, the categories' arrangements, the
plans.

A category is single-source when it has one approved source, or when one approved
supplier holds more than the organisation's share of the category's spend (80% unless
chosen otherwise) over the last full calendar year with spend recorded for the category
(``suppliers.selectors.spend.spend_leads``). Spend with a supplier not on the approved list
counts in the category's total but never makes it single-source: the flag says the
organisation depends on one approved source; buying mostly from a supplier that is not
approved is a different finding, shown by its status."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet, Subquery

from relmgmt.core.dates import organization_today
from relmgmt.core.remembered import remembered
from relmgmt.tenancy.models import Organization
from suppliers.models import CategorySourcing, ContingencyPlan, Supplier
from suppliers.models.register import ASL_STATUSES, ApprovalStatus, Category, Criticality
from suppliers.selectors.spend import (
    DEFAULT_SHARE,
    SpendLead,
    single_source_share,
    spend_leads,
)

# Highest first: a category is as critical as its most critical supplier.
CRITICALITY_RANK: dict[str, int] = {
    Criticality.CRITICAL: 3,
    Criticality.MAJOR: 2,
    Criticality.MINOR: 1,
}
EVALUATED_STATUSES = (ApprovalStatus.PROSPECTIVE, ApprovalStatus.UNDER_EVALUATION)
ONE_SOURCE = "one approved source"


def share_reason(lead: SpendLead, code: str) -> str:
    """Why a category is single-source by spend: "85% of 2025 spend with S-001"."""
    return f"{lead.share_label} of {lead.year} spend with {code}"


@dataclass
class CategoryContinuity:
    category: str
    label: str
    approved: list[Supplier] = field(default_factory=list)
    others: list[Supplier] = field(default_factory=list)  # supplying it, not approved
    criticality: str = Criticality.MINOR
    sourcing: CategorySourcing | None = None
    plans: list[ContingencyPlan] = field(default_factory=list)
    lead: SpendLead | None = None  # the largest spend in its last full year with spend
    share_threshold: int = DEFAULT_SHARE  # percent of the spend above which one is the source

    @property
    def sources(self) -> int:
        return len(self.approved)

    @property
    def dominant(self) -> Supplier | None:
        """The approved supplier holding more than the threshold of the category's spend."""
        lead = self.lead
        if lead is None or not lead.above(self.share_threshold):
            return None
        return next((s for s in self.approved if s.pk == lead.supplier_id), None)

    @property
    def single_source_supplier(self) -> Supplier | None:
        """The approved supplier the category depends on, when it is single-source."""
        return self.approved[0] if self.sources == 1 else self.dominant

    @property
    def single_source(self) -> bool:
        return self.single_source_supplier is not None

    @property
    def single_source_reason(self) -> str:
        """Why it is single-source: "one approved source", or "85% of 2025 spend with
        S-001"; blank when it is not."""
        if self.sources == 1:
            return ONE_SOURCE
        dominant = self.dominant
        if dominant is None or self.lead is None:
            return ""
        return share_reason(self.lead, dominant.code)

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
        """Single-source (for either reason) or without an approved source, with no approved
        backup (the supplier it depends on is no backup of itself)."""
        covered = self.backup_state == "approved" and self.backup != self.single_source_supplier
        return (self.single_source or self.without_source) and not covered

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


def _supplied(
    organization: Organization, suppliers: QuerySet[Supplier]
) -> dict[str, CategoryContinuity]:
    """The categories ``suppliers`` (the organisation's, disqualified ones aside) supply,
    with their approved sources, spend lead and criticality: the suppliers' query and the
    spend leads' query."""
    labels = dict(Category.choices)
    found: dict[str, CategoryContinuity] = {}
    for supplier in suppliers:
        for category in supplier.categories or []:
            if category not in found:
                found[category] = CategoryContinuity(category, labels.get(category, category))
            row = found[category]
            (row.approved if supplier.status in ASL_STATUSES else row.others).append(supplier)
    leads = spend_leads(organization=organization)
    threshold = single_source_share(organization)
    for row in found.values():
        row.lead = leads.get(row.category)
        row.share_threshold = threshold
        ranked = row.approved or row.others
        row.criticality = max(
            (s.criticality for s in ranked),
            key=lambda value: CRITICALITY_RANK.get(value, 0),
            default="minor",
        )
    return found


def _suppliers(organization: Organization) -> QuerySet[Supplier]:
    return (
        Supplier.objects.filter(organization=organization)
        .exclude(status=ApprovalStatus.DISQUALIFIED)
        .order_by("code")
    )


def continuity(*, organization: Organization) -> list[CategoryContinuity]:
    """Every category supplied by a supplier (disqualified ones aside) or arranged for, in
    the order of the categories."""
    return continuity_and_plans(organization=organization)[0]


def continuity_and_plans(
    *, organization: Organization
) -> tuple[list[CategoryContinuity], list[ContingencyPlan]]:
    """``continuity`` and every contingency plan it read (four queries)."""
    labels = dict(Category.choices)
    found = _supplied(organization, _suppliers(organization).select_related("party"))

    def entry(category: str) -> CategoryContinuity:
        if category not in found:
            found[category] = CategoryContinuity(category, labels.get(category, category))
        return found[category]

    for sourcing in sourcings(organization=organization):
        entry(sourcing.category).sourcing = sourcing
    supplier_categories: dict[int, list[str]] = {}
    for row in found.values():
        for supplier in row.approved + row.others:
            supplier_categories.setdefault(supplier.pk, []).append(row.category)
    every_plan = list(plans(organization=organization))
    for plan in every_plan:
        if plan.category:
            entry(plan.category).plans.append(plan)
        elif plan.supplier_id is not None:
            for category in supplier_categories.get(plan.supplier_id, []):
                found[category].plans.append(plan)
    return [found[key] for key in labels if key in found], every_plan


def for_supplier(rows: list[CategoryContinuity], supplier: Supplier) -> list[CategoryContinuity]:
    """The categories ``supplier`` supplies, or is the backup of."""
    return [
        row
        for row in rows
        if row.category in (supplier.categories or [])
        or (row.sourcing is not None and row.sourcing.backup_supplier_id == supplier.pk)
    ]


def single_source_flags(rows: list[CategoryContinuity]) -> dict[int, list[CategoryContinuity]]:
    """Per approved supplier: the categories that are single-source with it, as the only
    approved source or by its share of spend (for the register's list)."""
    flags: dict[int, list[CategoryContinuity]] = {}
    for row in rows:
        supplier = row.single_source_supplier
        if supplier is not None:
            flags.setdefault(supplier.pk, []).append(row)
    return flags


def sole_sources(*, organization: Organization) -> dict[int, dict[str, str]]:
    """Per approved supplier: the categories single-source with it and why (the supplier
    list's marks). Two queries: the suppliers, the spend leads."""
    columns = ("pk", "code", "categories", "status", "criticality")
    found = _supplied(organization, _suppliers(organization).only(*columns))
    marks: dict[int, dict[str, str]] = {}
    for supplier_id, rows in single_source_flags(list(found.values())).items():
        marks[supplier_id] = {row.category: row.single_source_reason for row in rows}
    return marks


def sole_sources_among(
    *, organization: Organization, suppliers: list[dict]
) -> dict[int, dict[str, str]]:
    """``sole_sources`` for ``suppliers`` alone: dictionaries of ``pk``, ``code``,
    ``categories`` and ``status`` as they are now (a page of the supplier list). An approved
    one of them supplying a category is its only approved source unless another approved
    supplier supplies it too, so the organisation's suppliers are not read, only whether
    each category has a second approved source, and the spend leads (``sourcing``)."""
    approved = [row for row in suppliers if row["status"] in ASL_STATUSES]
    if not any(row["categories"] for row in approved):
        return {}
    shared, leads = sourcing(organization=organization)
    threshold = single_source_share(organization)
    marks: dict[int, dict[str, str]] = {}
    for row in approved:
        for category in row["categories"] or []:
            lead = leads.get(category)
            if category not in shared:
                marks.setdefault(row["pk"], {})[category] = ONE_SOURCE
            elif lead is not None and lead.supplier_id == row["pk"] and lead.above(threshold):
                marks.setdefault(row["pk"], {})[category] = share_reason(lead, row["code"])
    return marks


def sourcing(*, organization: Organization) -> tuple[set[str], dict[str, SpendLead]]:
    """The categories two or more approved suppliers supply, and the spend leads: two
    queries, remembered while the organisation's records stay as they are, for this year
    (suppliers and spend are audited records; the leads are of the years before)."""
    year = organization_today(organization).year
    return remembered(
        "supplier-sourcing", organization, lambda: _sourcing(organization), moment=str(year)
    )


def _sourcing(organization: Organization) -> tuple[set[str], dict[str, SpendLead]]:
    shared = _with_second_source(organization, Category.values)
    return shared, spend_leads(organization=organization)


def _with_second_source(organization: Organization, categories: list[str]) -> set[str]:
    """Those of ``categories`` that two or more approved suppliers supply: one query, a
    subquery per category asking for a second approved source (which stops there)."""
    approved = Supplier.objects.filter(organization=organization, status__in=ASL_STATUSES)
    seconds = {
        f"second_{number}": Subquery(
            # A JSON list of choice values: match the quoted value in its text.
            approved.filter(categories__icontains=f'"{category}"').order_by().values("pk")[1:2]
        )
        for number, category in enumerate(categories)
    }
    found = Organization.objects.filter(pk=organization.pk).values(**seconds).first() or {}
    return {
        category
        for number, category in enumerate(categories)
        if found.get(f"second_{number}") is not None
    }


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
    "Single source because",
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
                row.single_source_reason,
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
