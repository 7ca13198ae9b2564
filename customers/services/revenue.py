"""Revenue per customer and period, entered one by one, imported from a file, or posted
through the API; customers marked lost.

The rules live once, in ``revenue_problems``, over plain values, so the form, a file import
and the API refuse the same things with the same words:

- the period starts on the first of a month, a quarter in January, April, July or October,
  and not after the current month;
- the amount is not negative; the category spend, where given, is at least the amount;
  the margin, where given, is at most the amount;
- one row per customer and period: a quarter does not overlap months entered for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from customers.models import Loss, Revenue
from customers.models.revenue import PeriodKind, month_index
from parties.models import Party
from parties.services import interactions as interaction_services
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core import imports
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = ("party", "period_start", "period_kind", "amount", "category_spend", "margin")
BATCH_SIZE = 1000


def revenue_problems(values: dict, *, today: date) -> list[tuple[str, str]]:
    """(field, message) for every rule the values break (None values are reported
    elsewhere and skipped here)."""
    problems = []
    start = values.get("period_start")
    kind = values.get("period_kind") or PeriodKind.MONTH
    if kind not in PeriodKind.values:
        problems.append(("period_kind", "The period is a month or a quarter."))
    if start is not None:
        if start.day != 1:
            problems.append(("period_start", "A period starts on the first of a month."))
        elif kind == PeriodKind.QUARTER and (start.month - 1) % 3:
            problems.append(
                ("period_start", "A quarter starts on 1 January, April, July or October.")
            )
        if month_index(start) > month_index(today):
            problems.append(("period_start", "Revenue cannot be entered for a future period."))
    amount = values.get("amount")
    spend = values.get("category_spend")
    margin = values.get("margin")
    if amount is not None and amount < 0:
        problems.append(("amount", "Revenue cannot be negative."))
    if amount is not None and spend is not None and spend < amount:
        problems.append(
            ("category_spend", "The customer's spend in the category includes our revenue.")
        )
    if amount is not None and margin is not None and margin > amount:
        problems.append(("margin", "The margin cannot exceed the revenue."))
    return problems


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for name, message in problems:
            errors.setdefault(name, []).append(message)
        raise ValidationError(errors)


def _overlap(
    organization: Organization, party_id: int, start: date, kind: str, exclude: int | None = None
) -> QuerySet[Revenue]:
    """Rows of the party the period would overlap (same period, or a month of the quarter
    entered on its own / the quarter holding the month)."""
    index = month_index(start)
    quarter_start = index - index % 3
    rows = Revenue.objects.filter(organization=organization, party_id=party_id)
    if kind == PeriodKind.QUARTER:
        rows = rows.filter(month_index__gte=index, month_index__lt=index + 3)
    else:
        rows = rows.filter(
            Q(month_index=index) | Q(period_kind=PeriodKind.QUARTER, month_index=quarter_start)
        )
    return rows.exclude(pk=exclude) if exclude else rows


def _prepare(organization: Organization, revenue: Revenue, data: dict) -> None:
    for name in FIELDS:
        if name in data:
            setattr(revenue, name, data[name])
    ensure_same_organization(
        organization=organization, record=getattr(revenue, "party", None), field="party"
    )
    revenue.full_clean(exclude=["organization"], validate_unique=False, validate_constraints=False)
    values = {name: getattr(revenue, name) for name in FIELDS if name != "party"}
    _raise(revenue_problems(values, today=organization_today(organization)))
    revenue.month_index = month_index(revenue.period_start)
    if _overlap(
        organization, revenue.party_id, revenue.period_start, revenue.period_kind, revenue.pk
    ).exists():
        _raise([("period_start", "Revenue of this customer is already entered for the period.")])


def revenue_create(*, organization: Organization, actor: User | None, data: dict) -> Revenue:
    with org_scope(organization), transaction.atomic():
        revenue = Revenue(organization=organization, entered_by=actor)
        _prepare(organization, revenue, data)
        with acting_as(actor):
            revenue.save()
    return revenue


def revenue_update(
    *,
    organization: Organization,
    actor: User | None,
    revenue: Revenue,
    data: dict,
    reason: str = "",
) -> Revenue:
    ensure_same_organization(organization=organization, record=revenue, field="revenue")
    with org_scope(organization), transaction.atomic():
        revenue = Revenue.objects.select_for_update().get(pk=revenue.pk)
        _prepare(organization, revenue, data)
        with acting_as(actor), audit_reason(reason):
            revenue.save()
    return revenue


def revenue_delete(
    *, organization: Organization, actor: User | None, revenue: Revenue, reason: str
) -> None:
    ensure_same_organization(organization=organization, record=revenue, field="revenue")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the revenue is deleted."})
    with org_scope(organization), transaction.atomic(), acting_as(actor), audit_reason(reason):
        Revenue.objects.filter(pk=revenue.pk).delete()


FOLLOW_UP_DAYS = 14


def loss_mark(
    *,
    organization: Organization,
    actor: User | None,
    party: Party,
    lost_on: date,
    reason: str,
    learned_by: str = "",
) -> Loss:
    """Mark a customer lost from ``lost_on``'s month, with the reason. Given how it was
    learned (``learned_by``, a kind of interaction), the conversation is recorded on the
    party and its owner gets a follow-up to try to win the customer back."""
    ensure_same_organization(organization=organization, record=party, field="party")
    reason = (reason or "").strip()
    problems = []
    if not reason:
        problems.append(("reason", "Say why the customer is lost."))
    today = organization_today(organization)
    if lost_on > today:
        problems.append(("lost_on", "A customer cannot be marked lost in the future."))
    _raise(problems)
    with org_scope(organization), transaction.atomic():
        with acting_as(actor):
            loss = Loss.objects.create(
                organization=organization,
                party=party,
                lost_on=lost_on,
                reason=reason,
                month_index=month_index(lost_on),
                marked_by=actor,
            )
        if learned_by:
            interaction = interaction_services.interaction_create(
                organization=organization,
                actor=actor,
                party=party,
                data={
                    "kind": learned_by,
                    "occurred_on": today,
                    "summary": f"Customer lost from {lost_on:%Y-%m-%d}: {reason}",
                },
            )
            if party.owner_id is not None:
                interaction_services.follow_up_create(
                    organization=organization,
                    actor=actor,
                    interaction=interaction,
                    data={
                        "description": f"Talk to {party.name} about winning them back "
                        f"(lost: {reason})"[:500],
                        "owner": party.owner,
                        "due_on": today + timedelta(days=FOLLOW_UP_DAYS),
                    },
                )
    return loss


# --- many at once (file import, API batch) ----------------------------------------------


@dataclass
class Item:
    position: int
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)


def revenues_check_many(*, organization: Organization, items: list[Item]) -> None:
    """Check every item in one pass: customers named by ``customer`` (the party's name) or
    ``party`` (an id) are found with one query, the periods already entered with another."""
    parties = list(Party.objects.filter(organization=organization).only("id", "name"))
    by_id = {party.pk: party for party in parties}
    by_name: dict[str, list[Party]] = {}
    for known in parties:
        by_name.setdefault(known.name.casefold(), []).append(known)
    taken: set[tuple[int, int]] = set()
    quarters: set[tuple[int, int]] = set()
    for party_id, index, kind in Revenue.objects.filter(organization=organization).values_list(
        "party_id", "month_index", "period_kind"
    ):
        if kind == PeriodKind.QUARTER:
            quarters.add((party_id, index))
            taken.update((party_id, index + k) for k in range(3))
        else:
            taken.add((party_id, index))
    today = organization_today(organization)
    for item in items:
        values = item.values
        name = values.pop("customer", None)
        party: Party | None = None
        if name:
            found = by_name.get(" ".join(str(name).split()).casefold(), [])
            party = found[0] if found else None
            if party is None:
                item.errors.append(("customer", f"No party is named {name}."))
        elif values.get("party") is not None:
            party = by_id.get(values["party"] if isinstance(values["party"], int) else -1)
            if party is None:
                item.errors.append(("party", f"No party has the id {values['party']}."))
        else:
            item.errors.append(("customer", "Name the customer."))
        values["party"] = party
        values["period_kind"] = values.get("period_kind") or PeriodKind.MONTH
        item.errors.extend(revenue_problems(values, today=today))
        if party is None or values.get("period_start") is None or item.errors:
            continue
        index = month_index(values["period_start"])
        months = range(3) if values["period_kind"] == PeriodKind.QUARTER else range(1)
        quarter = (party.pk, index - index % 3)
        if any((party.pk, index + k) in taken for k in months) or quarter in quarters:
            item.errors.append(
                ("period_start", "Revenue of this customer is already entered for the period.")
            )
            continue
        taken.update((party.pk, index + k) for k in months)
        if values["period_kind"] == PeriodKind.QUARTER:
            quarters.add(quarter)


def revenues_write_many(
    *, organization: Organization, actor: User | None, items: list[Item], reason: str
) -> list[Revenue]:
    """Insert checked items in batches inside one transaction (each row audited)."""
    rows = [
        Revenue(
            organization=organization,
            entered_by=actor,
            month_index=month_index(item.values["period_start"]),
            **{name: item.values.get(name) for name in FIELDS},
        )
        for item in items
    ]
    with org_scope(organization), transaction.atomic(), acting_as(actor), audit_reason(reason):
        for start in range(0, len(rows), BATCH_SIZE):
            Revenue.objects.bulk_create(rows[start : start + BATCH_SIZE])
    return rows


# --- import from a file -------------------------------------------------------------------


def _check_import_rows(organization: Organization, rows: list) -> None:
    items = []
    for row in rows:
        values = {
            "customer": row.cells["customer"],
            "period_start": imports.date(row, "period_start", required=True),
            "period_kind": imports.choice(
                row, "period_kind", PeriodKind.choices, default=PeriodKind.MONTH
            ),
            "amount": imports.decimal(row, "amount", required=True, digits=14, places=2),
            "category_spend": imports.decimal(row, "category_spend", digits=14, places=2),
            "margin": imports.decimal(row, "margin", digits=14, places=2),
        }
        items.append(Item(position=row.line, values=values))
    revenues_check_many(organization=organization, items=items)
    for row, item in zip(rows, items, strict=True):
        for name, message in item.errors:
            row.error("customer" if name == "party" else name, message)
        row.data = item.values


def _write_import_rows(*, organization: Organization, actor: User | None, rows: list) -> None:
    revenues_write_many(
        organization=organization,
        actor=actor,
        items=[Item(position=row.line, values=row.data) for row in rows],
        reason="Imported from a file",
    )


IMPORT = imports.ImportKind(
    key="customer_revenue",
    label="revenue rows",
    singular="revenue row",
    required=("customer", "period_start", "amount"),
    optional=("period_kind", "category_spend", "margin"),
    check_rows=_check_import_rows,
    write_rows=_write_import_rows,
    notes=(
        "customer: the name of a party in the register.",
        "period_start: YYYY-MM-DD, the first day of the month (or of the quarter).",
        "period_kind: month (the default) or quarter.",
        "Amounts: not negative, up to 2 decimals. category_spend (the customer's total "
        "spend in the category, for share of wallet) and margin may be left empty.",
    ),
    max_rows=50_000,
    max_bytes=10 * 1024 * 1024,
)
