"""Deliveries (receipts) from suppliers: entered one by one, imported from a file, or
posted in bulk through the API.

The rules live once, in ``delivery_problems``, over plain values, so that the form, a file
import and an API batch refuse the same things with the same words:

- a negative quantity is refused; something must have been ordered;
- more rejected than received is refused, and a rejection needs its reason;
- more received than ordered is accepted but flagged (``over_delivery``);
- received before the promised date is fine (early); received in the future is refused.

Many rows at once (``deliveries_check_many`` then ``deliveries_write_many``) are checked in
one pass with one query for all the supplier codes, then inserted with ``bulk_create`` in
batches inside one transaction: the audited queryset records an event per row, in the
same transaction, so nothing is half-saved and nothing bypasses the history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core import imports
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from suppliers.models import Delivery, Supplier
from suppliers.models.scorecards import ChangeCause
from suppliers.services.scorecards import recompute as scorecard_recompute

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = (
    "supplier",
    "order_reference",
    "item",
    "promised_date",
    "received_date",
    "quantity_ordered",
    "quantity_received",
    "quantity_rejected",
    "rejection_reason",
)
TEXT_FIELDS = ("order_reference", "item", "rejection_reason")
QUANTITY_FIELDS = ("quantity_ordered", "quantity_received", "quantity_rejected")
# One limit per text field, the same on the page, in the API and in the import.
MAX_LENGTH = {"order_reference": 64, "item": 200, "rejection_reason": 2000}
BATCH_SIZE = 1000
MAX_BULK_ROWS = 5000


def normalise(values: dict, *, complete: bool = True) -> dict:
    """Text stripped and collapsed; an empty rejected quantity is zero. ``complete`` values
    (a new delivery) get the defaults of what they leave out; a change keeps what it omits."""
    values = dict(values)
    for name in ("order_reference", "item"):
        if name in values:
            values[name] = " ".join(str(values[name] or "").split())
    if complete or "rejection_reason" in values:
        values["rejection_reason"] = str(values.get("rejection_reason") or "").strip()
    if (complete or "quantity_rejected" in values) and values.get("quantity_rejected") is None:
        values["quantity_rejected"] = Decimal(0)
    return values


def delivery_problems(values: dict, *, today: date | None) -> list[tuple[str, str]]:
    """(field, message) for every rule the values break. A value that is None was missing
    or unreadable and is reported elsewhere; the rules that need it are skipped."""
    problems = []
    for name, label in (("order_reference", "order reference"), ("item", "item")):
        if name in values and not values[name]:
            problems.append((name, f"Give the {label}."))
        elif len(values.get(name) or "") > MAX_LENGTH[name]:
            problems.append((name, f"Keep the {label} to {MAX_LENGTH[name]} characters."))
    for name in QUANTITY_FIELDS:
        value = values.get(name)
        if value is not None and value < 0:
            problems.append((name, "A quantity cannot be negative."))
    ordered = values.get("quantity_ordered")
    received = values.get("quantity_received")
    rejected = values.get("quantity_rejected")
    if ordered is not None and ordered == 0:
        problems.append(("quantity_ordered", "Something must have been ordered."))
    if received is not None and rejected is not None and 0 <= received < rejected:
        problems.append(
            ("quantity_rejected", f"More rejected ({rejected}) than received ({received}).")
        )
    if len(values.get("rejection_reason") or "") > MAX_LENGTH["rejection_reason"]:
        limit = MAX_LENGTH["rejection_reason"]
        problems.append(("rejection_reason", f"Keep the reason to {limit} characters."))
    if rejected and rejected > 0 and not values.get("rejection_reason"):
        problems.append(("rejection_reason", "Say why the goods were rejected."))
    received_date = values.get("received_date")
    if received_date is not None and received_date > today:
        problems.append(("received_date", "A delivery cannot be received in the future."))
    return problems


def _raise_problems(problems: Iterable[tuple[str, str]]) -> None:
    if problems:
        errors = {}
        for name, message in problems:
            errors.setdefault(name, []).append(message)
        raise ValidationError(errors)


def _prepare(organization: Organization, delivery: Delivery, data: dict) -> None:
    data = normalise(
        {name: data[name] for name in FIELDS if name in data}, complete=delivery._state.adding
    )
    for name, value in data.items():
        setattr(delivery, name, value)
    ensure_same_organization(
        organization=organization, record=getattr(delivery, "supplier", None), field="supplier"
    )
    delivery.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    values = {name: getattr(delivery, name) for name in FIELDS if name != "supplier"}
    _raise_problems(delivery_problems(values, today=organization_today(organization)))
    delivery.over_delivery = Delivery.is_over_delivery(
        delivery.quantity_ordered, delivery.quantity_received
    )


def delivery_create(*, organization: Organization, actor: User | None, data: dict) -> Delivery:
    with org_scope(organization), transaction.atomic():
        delivery = Delivery(organization=organization, entered_by=actor)
        _prepare(organization, delivery, data)
        with acting_as(actor):
            delivery.save()
        scorecard_recompute.scorecards_recompute_for_facts(
            organization=organization,
            actor=actor,
            facts=[(delivery.supplier_id, delivery.received_date)],
            cause=ChangeCause.DELIVERIES_ENTERED,
            since=delivery.created_at,
        )
    return delivery


def delivery_update(
    *,
    organization: Organization,
    actor: User | None,
    delivery: Delivery,
    data: dict,
    reason: str = "",
) -> Delivery:
    ensure_same_organization(organization=organization, record=delivery, field="delivery")
    with org_scope(organization), transaction.atomic():
        delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
        before = (delivery.supplier_id, delivery.received_date)
        _prepare(organization, delivery, data)
        with acting_as(actor), audit_reason(reason):
            delivery.save()
        scorecard_recompute.scorecards_recompute_for_facts(
            organization=organization,
            actor=actor,
            facts=[before, (delivery.supplier_id, delivery.received_date)],
            cause=ChangeCause.DELIVERY_CHANGED,
        )
    return delivery


def delivery_delete(
    *, organization: Organization, actor: User | None, delivery: Delivery, reason: str
) -> None:
    """Remove a receipt entered by mistake; the reason is kept in the audit trail."""
    ensure_same_organization(organization=organization, record=delivery, field="delivery")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the delivery is deleted."})
    with org_scope(organization), transaction.atomic(), acting_as(actor), audit_reason(reason):
        try:
            Delivery.objects.filter(pk=delivery.pk).delete()
        except ProtectedError as error:
            # Another record stands on it (a nonconformity raised from the rejection): the
            # evidence stays; nothing was deleted.
            holders = sorted({str(record) for record in error.protected_objects})
            raise ValidationError(
                f"This delivery cannot be deleted: {', '.join(holders[:5])} "
                f"{'refers' if len(holders) == 1 else 'refer'} to it."
            ) from error
        scorecard_recompute.scorecards_recompute_for_facts(
            organization=organization,
            actor=actor,
            facts=[(delivery.supplier_id, delivery.received_date)],
            cause=ChangeCause.DELIVERY_DELETED,
        )


# --- many at once -----------------------------------------------------------------------


@dataclass
class Item:
    """One of many deliveries: its position (file line or list index), the values read, and
    the problems found, by field."""

    position: int
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)


def suppliers_by_code(organization: Organization) -> dict[str, Supplier]:
    """Every supplier of the organisation by its code (upper case): one query."""
    return {
        supplier.code.upper(): supplier
        for supplier in Supplier.objects.filter(organization=organization).only("id", "code")
    }


def deliveries_check_many(*, organization: Organization, items: list[Item]) -> None:
    """Check every item in one pass; suppliers named by ``supplier_code`` or ``supplier``
    (an id) are found with one query. Fills ``item.values["supplier"]`` and ``item.errors``."""
    by_code = suppliers_by_code(organization)
    by_id = {supplier.pk: supplier for supplier in by_code.values()}
    today = organization_today(organization)
    for item in items:
        values = item.values
        code = values.pop("supplier_code", None)
        supplier_id = values.get("supplier")
        if code:
            supplier = by_code.get(str(code).strip().upper())
            if supplier is None:
                item.errors.append(("supplier_code", f"No supplier has the code {code}."))
        elif supplier_id is not None:
            supplier = by_id.get(supplier_id if isinstance(supplier_id, int) else None)
            if supplier is None:
                item.errors.append(("supplier", f"No supplier has the id {supplier_id}."))
        else:
            supplier = None
            item.errors.append(("supplier_code", "Name the supplier by its code."))
        values["supplier"] = supplier
        item.values = values = normalise(values)
        item.errors.extend(delivery_problems(values, today=today))


def deliveries_write_many(
    *, organization: Organization, actor: User | None, items: list[Item], reason: str
) -> list:
    """Insert checked items in batches inside one transaction (each row audited)."""
    deliveries = []
    for item in items:
        values = item.values
        deliveries.append(
            Delivery(
                organization=organization,
                entered_by=actor,
                over_delivery=Delivery.is_over_delivery(
                    values["quantity_ordered"], values["quantity_received"]
                ),
                **{name: values[name] for name in FIELDS},
            )
        )
    since = timezone.now()
    with org_scope(organization), transaction.atomic(), acting_as(actor), audit_reason(reason):
        for start in range(0, len(deliveries), BATCH_SIZE):
            Delivery.objects.bulk_create(deliveries[start : start + BATCH_SIZE])
        # The periods these fall in are rescored at once, in the same transaction.
        scorecard_recompute.scorecards_recompute_for_facts(
            organization=organization,
            actor=actor,
            facts={(delivery.supplier_id, delivery.received_date) for delivery in deliveries},
            cause=ChangeCause.DELIVERIES_ENTERED,
            since=since,
        )
    return deliveries


class BulkInvalid(ValidationError):
    """Some items of a batch break the rules; ``rows`` lists (position, field, message)."""

    def __init__(self, rows: list[tuple[int, str, str]], message: str) -> None:
        super().__init__(message)
        self.rows = rows


def deliveries_create_many(
    *,
    organization: Organization,
    actor: User | None,
    items: list[tuple[int, dict]],
    problems: Sequence[tuple[int, str, str]] = (),
    total: int | None = None,
    valid_only: bool = False,
    reason: str = "",
) -> tuple[list[Delivery], list[tuple[int, str, str]]]:
    """Create many deliveries (the API's batch): all or nothing unless ``valid_only``.

    ``items`` are (position, values) of the rows whose values could be read; ``problems``
    the (position, field, message) of those that could not. Returns the deliveries created
    and the problems of the rows left out; raises ``BulkInvalid`` naming every problem when
    nothing is created."""
    total = len(items) if total is None else total
    if total > MAX_BULK_ROWS:
        raise BulkInvalid([], f"Send at most {MAX_BULK_ROWS} deliveries per request.")
    if not total:
        raise BulkInvalid([], "Send at least one delivery.")
    checked = [Item(position=position, values=dict(values)) for position, values in items]
    with org_scope(organization):
        deliveries_check_many(organization=organization, items=checked)
    problems = sorted(
        [
            *problems,
            *((item.position, name, message) for item in checked for name, message in item.errors),
        ],
        key=lambda problem: problem[0],
    )
    valid = [item for item in checked if not item.errors]
    if problems and (not valid_only or not valid):
        bad = len({problem[0] for problem in problems})
        raise BulkInvalid(problems, f"{bad} of {total} deliveries have problems; nothing is saved.")
    created = deliveries_write_many(
        organization=organization,
        actor=actor,
        items=valid,
        reason=reason or "Posted in bulk through the API",
    )
    return created, problems


# --- import from a file -------------------------------------------------------------------

QUANTITY_DIGITS = {"digits": 14, "places": 3}


def _check_import_rows(organization: Organization, rows: list) -> None:
    items = []
    for row in rows:
        cells = row.cells
        values = {
            "supplier_code": cells["supplier_code"],
            "order_reference": cells["order_reference"],
            "item": cells["item"],
            "promised_date": imports.date(row, "promised_date", required=True),
            "received_date": imports.date(row, "received_date", required=True),
            "rejection_reason": cells["rejection_reason"],
        }
        for name in QUANTITY_FIELDS:
            values[name] = imports.decimal(
                row, name, required=name != "quantity_rejected", **QUANTITY_DIGITS
            )
        items.append(Item(position=row.line, values=values))
    deliveries_check_many(organization=organization, items=items)
    for row, item in zip(rows, items, strict=True):
        for name, message in item.errors:
            row.error("supplier_code" if name == "supplier" else name, message)
        row.data = item.values


def _write_import_rows(*, organization: Organization, actor: User | None, rows: list) -> None:
    deliveries_write_many(
        organization=organization,
        actor=actor,
        items=[Item(position=row.line, values=row.data) for row in rows],
        reason="Imported from a file",
    )


def _summarise_import(rows: list) -> list[str]:
    over = [
        row.line
        for row in rows
        if Delivery.is_over_delivery(row.data["quantity_ordered"], row.data["quantity_received"])
    ]
    if not over:
        return []
    lines = ", ".join(str(line) for line in over[:20]) + (" …" if len(over) > 20 else "")
    return [
        f"{len(over)} row{'s' if len(over) != 1 else ''} received more than ordered "
        f"(line{'s' if len(over) != 1 else ''} {lines}): imported, and flagged as "
        "over-deliveries."
    ]


IMPORT = imports.ImportKind(
    key="deliveries",
    label="deliveries",
    singular="delivery",
    required=(
        "supplier_code",
        "order_reference",
        "item",
        "promised_date",
        "received_date",
        "quantity_ordered",
        "quantity_received",
    ),
    optional=("quantity_rejected", "rejection_reason"),
    check_rows=_check_import_rows,
    write_rows=_write_import_rows,
    summarise=_summarise_import,
    notes=(
        "supplier_code: the code of a supplier in the register.",
        "Dates: YYYY-MM-DD. Received before the promised date is fine (early).",
        "Quantities: not negative, up to 3 decimals (a decimal point, no thousands "
        "separator). More received than ordered is accepted and flagged as an over-delivery.",
        "quantity_rejected: empty means none; when above zero, give the rejection_reason.",
    ),
    max_rows=50_000,
    max_bytes=10 * 1024 * 1024,
)
