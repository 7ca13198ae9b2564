"""Purchase spend per supplier, category and year: entered one by one, imported from a file,
or posted through the API.

The rules live once, in ``spend_problems``, over plain values, so that the form, a file
import and the API refuse the same things with the same words:

- the category is one the supplier supplies (as the register says);
- the year is a calendar year from 1990 to the current one (the current year may be
  entered as it runs; supply continuity reads only full years);
- the amount is not negative;
- one row per supplier, category and year.

Many rows (``spends_check_many`` then ``spends_write_many``) are checked in one pass with
one query for the suppliers and one for the rows already entered, then inserted in batches
inside one transaction: the audited queryset records an event per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core import imports
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from suppliers.models import Supplier, SupplierSpend
from suppliers.models.register import Category

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = ("supplier", "category", "year", "amount")
FIRST_YEAR = 1990
BATCH_SIZE = 1000
TAKEN = "Spend of this supplier in the category is already entered for the year."


def spend_problems(values: dict, *, this_year: int) -> list[tuple[str, str]]:
    """(field, message) for every rule the values break (None values are missing or
    unreadable, reported elsewhere, and skipped here)."""
    problems = []
    supplier = values.get("supplier")
    category = values.get("category")
    if category is not None and category not in Category.values:
        problems.append(("category", f"Unknown category “{category}”."))
    elif supplier is not None and category and category not in (supplier.categories or []):
        label = Category(category).label
        problems.append(("category", f"{supplier.code} is not registered as supplying {label}."))
    year = values.get("year")
    if year is not None and not FIRST_YEAR <= year <= this_year:
        problems.append(("year", f"Give a calendar year from {FIRST_YEAR} to {this_year}."))
    amount = values.get("amount")
    if amount is not None and amount < 0:
        problems.append(("amount", "Spend cannot be negative."))
    return problems


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for name, message in problems:
            errors.setdefault(name, []).append(message)
        raise ValidationError(errors)


def _prepare(organization: Organization, spend: SupplierSpend, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(spend, name, data[name])
    supplier = getattr(spend, "supplier", None) if spend.supplier_id else None
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    spend.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    values = {name: getattr(spend, name) for name in FIELDS if name != "supplier"}
    values["supplier"] = supplier
    _raise(spend_problems(values, this_year=organization_today(organization).year))
    taken = SupplierSpend.objects.filter(
        organization=organization,
        supplier_id=spend.supplier_id,
        category=spend.category,
        year=spend.year,
    )
    if taken.exclude(pk=spend.pk).exists():
        _raise([("year", TAKEN)])


def spend_create(*, organization: Organization, actor: User | None, data: dict) -> SupplierSpend:
    with org_scope(organization), transaction.atomic():
        spend = SupplierSpend(organization=organization, entered_by=actor)
        _prepare(organization, spend, data)
        with acting_as(actor):
            spend.save()
    return spend


def spend_update(
    *,
    organization: Organization,
    actor: User | None,
    spend: SupplierSpend,
    data: dict,
    reason: str = "",
) -> SupplierSpend:
    ensure_same_organization(organization=organization, record=spend, field="spend")
    with org_scope(organization), transaction.atomic():
        spend = SupplierSpend.objects.select_for_update().get(pk=spend.pk)
        _prepare(organization, spend, data)
        with acting_as(actor), audit_reason(reason):
            spend.save()
    return spend


def spend_delete(
    *, organization: Organization, actor: User | None, spend: SupplierSpend, reason: str
) -> None:
    """Remove a row entered by mistake; the reason is kept in the audit trail."""
    ensure_same_organization(organization=organization, record=spend, field="spend")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the spend is deleted."})
    with org_scope(organization), transaction.atomic(), acting_as(actor), audit_reason(reason):
        SupplierSpend.objects.filter(pk=spend.pk).delete()


# --- many at once (file import) ---------------------------------------------------------


@dataclass
class Item:
    """One of many rows: its position (file line), the values read, the problems found."""

    position: int
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)


def spends_check_many(*, organization: Organization, items: list[Item]) -> None:
    """Check every item in one pass: suppliers named by ``supplier_code`` are found with one
    query, the rows already entered with another. Fills ``item.values["supplier"]`` and
    ``item.errors``."""
    by_code = {
        supplier.code.upper(): supplier
        for supplier in Supplier.objects.filter(organization=organization).only(
            "id", "code", "categories"
        )
    }
    taken = set(
        SupplierSpend.objects.filter(organization=organization).values_list(
            "supplier_id", "category", "year"
        )
    )
    this_year = organization_today(organization).year
    for item in items:
        values = item.values
        code = values.pop("supplier_code", None)
        supplier = by_code.get(str(code).strip().upper()) if code else None
        if not code:
            item.errors.append(("supplier_code", "Name the supplier by its code."))
        elif supplier is None:
            item.errors.append(("supplier_code", f"No supplier has the code {code}."))
        values["supplier"] = supplier
        item.errors.extend(spend_problems(values, this_year=this_year))
        if item.errors or supplier is None or None in (values.get("category"), values.get("year")):
            continue
        key = (supplier.pk, values["category"], values["year"])
        if key in taken:
            item.errors.append(("year", TAKEN))
        taken.add(key)


def spends_write_many(
    *, organization: Organization, actor: User | None, items: list[Item], reason: str
) -> list[SupplierSpend]:
    """Insert checked items in batches inside one transaction (each row audited)."""
    rows = [
        SupplierSpend(
            organization=organization,
            entered_by=actor,
            **{name: item.values[name] for name in FIELDS},
        )
        for item in items
    ]
    with org_scope(organization), transaction.atomic(), acting_as(actor), audit_reason(reason):
        for start in range(0, len(rows), BATCH_SIZE):
            SupplierSpend.objects.bulk_create(rows[start : start + BATCH_SIZE])
    return rows


# --- import from a file -------------------------------------------------------------------


def _check_import_rows(organization: Organization, rows: list) -> None:
    items = []
    this_year = organization_today(organization).year
    for row in rows:
        values = {
            "supplier_code": row.cells["supplier_code"],
            "category": imports.choice(row, "category", Category.choices),
            "year": imports.whole_number(row, "year", FIRST_YEAR, this_year),
            "amount": imports.decimal(row, "amount", required=True, digits=14, places=2),
        }
        if not row.cells.get("category"):
            row.error("category", "Category is needed.")
        if not row.cells.get("year"):
            row.error("year", "Year is needed.")
        items.append(Item(position=row.line, values=values))
    spends_check_many(organization=organization, items=items)
    for row, item in zip(rows, items, strict=True):
        for name, message in item.errors:
            row.error("supplier_code" if name == "supplier" else name, message)
        row.data = item.values


def _write_import_rows(*, organization: Organization, actor: User | None, rows: list) -> None:
    spends_write_many(
        organization=organization,
        actor=actor,
        items=[Item(position=row.line, values=row.data) for row in rows],
        reason="Imported from a file",
    )


IMPORT = imports.ImportKind(
    key="supplier_spend",
    label="spend rows",
    singular="spend row",
    required=("supplier_code", "category", "year", "amount"),
    optional=(),
    check_rows=_check_import_rows,
    write_rows=_write_import_rows,
    notes=(
        "supplier_code: the code of a supplier in the register.",
        "category: one the supplier supplies, by its value (raw_material, components, "
        "special_process, tooling, calibration, logistics, packaging, services, software, "
        "other) or its label.",
        f"year: the calendar year of the spend, from {FIRST_YEAR} to this year.",
        "amount: what was spent with the supplier in the category over the year, not "
        "negative, up to 2 decimals (a decimal point, no thousands separator).",
        "One row per supplier, category and year: a year already entered is refused.",
    ),
    max_rows=50_000,
    max_bytes=10 * 1024 * 1024,
)
