"""Reads of supplier approval: the transitions of status, and the approved supplier list
(ASL) today or as it stood at the end of a past day (from the audit trail)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from parties.models import Party
from relmgmt.audit import selectors as audit_selectors
from relmgmt.audit.hashing import is_redacted
from relmgmt.core.as_of import FUTURE
from relmgmt.core.dates import end_of_day, organization_today
from suppliers.models import Supplier, SupplierTransition
from suppliers.models.register import ASL_STATUSES, ApprovalStatus, Category, Criticality
from suppliers.selectors.certificates import CertificateGap, certificate_flags, certificate_gaps
from suppliers.selectors.register import suppliers

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def transitions(
    *, organization: Organization, supplier: Supplier | None = None
) -> QuerySet[SupplierTransition]:
    queryset = SupplierTransition.objects.filter(organization=organization).select_related(
        "actor", "signature", "supplier__party"
    )
    if supplier is not None:
        queryset = queryset.filter(supplier=supplier)
    return queryset.order_by("-occurred_at", "-id")


# --- The approved supplier list (ASL) ----------------------------------------------------


@dataclass(frozen=True)
class AslEntry:
    supplier_id: int
    code: str
    name: str
    categories: list[str]
    criticality: str
    status: str
    conditions: str
    conditions_until: date | None
    approved_since: datetime | None
    next_evaluation_due: date | None
    # What the list flags (``asl_flags``): the re-evaluation is overdue on the list's day, and
    # the required certificates the supplier has no valid accepted one of that day.
    reevaluation_overdue: bool = False
    certificate_gaps: tuple[CertificateGap, ...] = ()

    @property
    def flags(self) -> list[str]:
        """The list's flags in words, for the PDF and the CSV."""
        overdue = ["Re-evaluation overdue"] if self.reevaluation_overdue else []
        return overdue + [gap.label for gap in self.certificate_gaps]

    @property
    def categories_label(self) -> str:
        labels = dict(Category.choices)
        return ", ".join(labels.get(value, value) for value in self.categories)

    @property
    def criticality_label(self) -> str:
        return dict(Criticality.choices).get(self.criticality, self.criticality)

    @property
    def status_label(self) -> str:
        return dict(ApprovalStatus.choices).get(self.status, self.status)


def asl_day(*, organization: Organization, day: date | None) -> date | None:
    """The day the approved supplier list is asked for: None for today (the live list), the
    day itself for a past one (from the audit trail). A future day is refused."""
    if day is None:
        return None
    today = organization_today(organization)
    if day > today:
        raise ValidationError({"date": FUTURE})
    return None if day == today else day


def _approved_since(
    organization: Organization, supplier_ids: Iterable[int], when: datetime | None
) -> dict[int, datetime]:
    """When each supplier last entered the ASL (from the transition log), up to ``when``."""
    queryset = SupplierTransition.objects.filter(
        organization=organization, supplier_id__in=supplier_ids
    ).order_by("occurred_at", "id")
    if when is not None:
        queryset = queryset.filter(occurred_at__lte=when)
    since: dict[int, datetime] = {}
    for supplier_id, from_status, to_status, occurred_at in queryset.values_list(
        "supplier_id", "from_status", "to_status", "occurred_at"
    ):
        if to_status in ASL_STATUSES and from_status not in ASL_STATUSES:
            since[supplier_id] = occurred_at
    return since


def approved_suppliers(
    *, organization: Organization, on: date | None = None, at: datetime | None = None
) -> list[AslEntry]:
    """The approved supplier list: suppliers approved or conditionally approved, now (no
    ``on``) from the records, or at the end of a past day ``on`` (or the moment ``at``) from
    the audit trail, each supplier and its party's name as they stood then. By name."""
    if on is not None:
        at = end_of_day(organization, on)
    if at is None:
        rows = list(
            suppliers(organization=organization)
            .filter(status__in=ASL_STATUSES)
            .values_list(
                "pk",
                "code",
                "party__name",
                "categories",
                "criticality",
                "status",
                "conditions",
                "conditions_until",
                "next_evaluation_due",
            )
        )
        since = _approved_since(organization, [row[0] for row in rows], None)
    else:
        when = at
        states = {
            int(object_id): state
            for object_id, state in audit_selectors.records_as_of(
                organization=organization, model=Supplier, when=when
            ).items()
        }
        approved = {
            pk: state
            for pk, state in _with_status_then(organization, states, when).items()
            if state.get("status") in ASL_STATUSES
        }
        parties_then = audit_selectors.records_as_of(
            organization=organization, model=Party, when=when
        )
        party_ids = {state.get("party_id") for state in approved.values()}
        names_now = dict(
            Party.objects.filter(organization=organization, pk__in=party_ids).values_list(
                "pk", "name"
            )
        )
        rows = []
        for pk, state in approved.items():
            party_id = state.get("party_id")
            party_then = parties_then.get(str(party_id)) or {}
            rows.append(
                (
                    pk,
                    _text(state.get("code")),
                    _text(party_then.get("name")) or names_now.get(party_id, ""),
                    state.get("categories") if isinstance(state.get("categories"), list) else [],
                    _text(state.get("criticality")),
                    state["status"],
                    _text(state.get("conditions")),
                    _date(state.get("conditions_until")),
                    _date(state.get("next_evaluation_due")),
                )
            )
        since = _approved_since(organization, list(approved), when)
    entries = [
        AslEntry(
            supplier_id=pk,
            code=code,
            name=name,
            categories=list(categories or []),
            criticality=criticality,
            status=status,
            conditions=conditions,
            conditions_until=conditions_until,
            approved_since=since.get(pk),
            next_evaluation_due=next_due,
        )
        for pk, code, name, categories, criticality, status, conditions, conditions_until, next_due in rows  # noqa: E501
    ]
    day = on or (at.astimezone(ZoneInfo(organization.timezone)).date() if at else None)
    entries = asl_flags(organization=organization, entries=entries, on=day)
    return sorted(entries, key=lambda entry: (entry.name.lower(), entry.code))


def _status_then(organization: Organization, when: datetime) -> dict[int, dict]:
    """Each supplier's approval status at ``when`` from the transition log, which holds
    imported history at the day it happened: the last change up to then, or, when the
    first change came later, the status it started from."""
    found: dict[int, dict] = {}
    for supplier_id, from_status, to_status, conditions, until, occurred_at in (
        SupplierTransition.objects.filter(organization=organization)
        .order_by("occurred_at", "id")
        .values_list(
            "supplier_id",
            "from_status",
            "to_status",
            "conditions",
            "conditions_until",
            "occurred_at",
        )
    ):
        if occurred_at <= when:
            found[supplier_id] = {
                "status": to_status,
                "conditions": conditions,
                "conditions_until": until,
            }
        elif supplier_id not in found:
            found[supplier_id] = {"status": from_status, "conditions": "", "conditions_until": None}
    return found


def _with_status_then(
    organization: Organization, states: dict[int, dict], when: datetime
) -> dict[int, dict]:
    """The suppliers' states at ``when`` (from the audit trail) with their status from the
    transition log. A supplier registered after ``when`` whose imported history puts it on
    the list by then is described as it is recorded now."""
    status_then = _status_then(organization, when)
    listed = {pk for pk, status in status_then.items() if status["status"] in ASL_STATUSES} - set(
        states
    )
    merged = {pk: dict(state) for pk, state in states.items()}
    if listed:
        for values in Supplier.objects.filter(organization=organization, pk__in=listed).values(
            "id", "party_id", "code", "categories", "criticality", "next_evaluation_due"
        ):
            merged[values["id"]] = {key: value for key, value in values.items() if key != "id"}
    for pk, status in status_then.items():
        if pk in merged:
            merged[pk].update(status)
    return merged


def asl_flags(
    *, organization: Organization, entries: list[AslEntry], on: date | None
) -> list[AslEntry]:
    """The entries with what the list flags on day ``on`` (today when None): a re-evaluation
    overdue, and required certificates missing or expired (one query for the whole list)."""
    day = on or organization_today(organization)
    flags = certificate_flags(
        organization=organization, supplier_ids=[entry.supplier_id for entry in entries], today=day
    )
    return [
        replace(
            entry,
            reevaluation_overdue=entry.next_evaluation_due is not None
            and entry.next_evaluation_due < day,
            certificate_gaps=tuple(certificate_gaps(entry.status, flags[entry.supplier_id])),
        )
        for entry in entries
    ]


def _text(value: Any) -> str:
    """A value of the trail as text; a redacted one (erased on request) says so."""
    if is_redacted(value):
        return "(redacted)"
    return "" if value is None else str(value)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None
