"""History import: what happened to suppliers before the system, brought in with the day
each fact happened (ISO 9001 8.4 records kept elsewhere until now).

A row is one fact about one supplier (by its code): a change of approval status (an
evaluation started, an approval, with conditions, a suspension, a reinstatement, a
disqualification), a certificate with its issue and expiry dates, or a re-evaluation with
its decision. Each names who decided (a member by e-mail, or a name) and why.

Every row is checked before anything is written (``check_rows``): the day is not in the
future, the supplier is known, and each supplier's changes, taken in the order they
happened, follow the approval state machine from the status the supplier has now, after
any change the register already records. The rows are written in one transaction
(``relmgmt.core.imports.import_file``): an import is whole or not at all.

Imported facts are written now, so the audit chain stays whole, and each of their events
carries the source "import" and the day the fact happened (``imported_fact``); transitions,
certificates and re-evaluations hold that day, so the approved supplier list of a past
date, "on the list since" and a re-evaluation's evidence read it. Imported changes are not
signed: they were decided outside the system, and the row says by whom.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from relmgmt import policy
from relmgmt.audit.context import acting_as, audit_reason, imported_fact
from relmgmt.core import imports
from relmgmt.core.dates import add_months, moment_of_day, organization_today
from relmgmt.core.imports import Row
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import selectors as tenancy_selectors
from relmgmt.tenancy.models import Membership
from suppliers import schedule_settings
from suppliers.models import Certificate, ReEvaluation, Supplier, SupplierTransition
from suppliers.models.certificates import CertificateStatus, CertificateType
from suppliers.models.reevaluations import Decision
from suppliers.models.register import ApprovalStatus
from suppliers.services import approval
from suppliers.services.reevaluations import (
    certificate_snapshot,
    decision_target,
    default_next_evaluation,
)
from suppliers.services.scorecards.snapshots import questionnaire_snapshot, scorecard_snapshot

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

S = ApprovalStatus


@dataclass(frozen=True)
class Event:
    key: str
    label: str
    to_status: str = ""  # the status a change of status leads to


EVENTS = {
    event.key: event
    for event in [
        Event("evaluate", "Evaluation started", S.UNDER_EVALUATION),
        Event("approve", "Approved", S.APPROVED),
        Event("approve_conditionally", "Approved with conditions", S.CONDITIONALLY_APPROVED),
        Event("suspend", "Suspended", S.SUSPENDED),
        Event("reinstate", "Reinstated", S.APPROVED),
        Event("disqualify", "Disqualified", S.DISQUALIFIED),
        Event("certificate", "Certificate"),
        Event("reevaluation", "Re-evaluation"),
    ]
}
STATUS_EVENTS = {key for key, event in EVENTS.items() if event.to_status}
# Facts of one day are taken in this order: certificates first, so a re-evaluation of the
# same day sees them; then the changes of status and re-evaluations as the file lists them.
DAY_ORDER = {"certificate": 0}

COLUMNS = (
    "supplier",
    "event",
    "date",
    "decided_by",
    "reason",
    "conditions",
    "conditions_until",
    "certificate_type",
    "issuer",
    "number",
    "valid_until",
    "decision",
    "next_evaluation_due",
)
REQUIRED = COLUMNS[:3]


def _label(status: str) -> str:
    return ApprovalStatus(status).label.lower()


def _members_by_email(organization: Organization) -> dict[str, User]:
    return {
        user.email.lower(): user
        for user in tenancy_selectors.member_users(organization=organization)
    }


def _check_row(
    row: Row,
    organization: Organization,
    today: date,
    suppliers: dict[str, Supplier],
    members: dict[str, User],
) -> None:
    cells = row.cells
    data = row.data
    code = cells["supplier"]
    data["supplier"] = suppliers.get(code.lower())
    if not code:
        row.error("supplier", "Supplier is needed (its code).")
    elif data["supplier"] is None:
        row.error("supplier", f"Unknown supplier “{code}”: no supplier has this code.")
    event_key = imports.choice(row, "event", [(e.key, e.label) for e in EVENTS.values()])
    if not cells["event"]:
        row.error("event", "Event is needed.")
    data["event"] = event_key
    day = imports.date(row, "date", required=True)
    if day is not None and day > today:
        row.error("date", f"History is what happened: the date is after today ({today}).")
        day = None
    data["date"] = day
    decided_by = " ".join(cells["decided_by"].split())[:200]
    data["member"] = members.get(decided_by.lower()) if "@" in decided_by else None
    if "@" in decided_by and data["member"] is None:
        row.error(
            "decided_by", f"“{decided_by}” is not a member; give a member's e-mail or a name."
        )
    data["decided_by"] = (
        (data["member"].full_name or data["member"].email) if data["member"] else decided_by
    )
    data["reason"] = cells["reason"].strip()
    if event_key is None:
        return
    if event_key != "certificate":
        if not decided_by:
            row.error("decided_by", "Say who decided: a member's e-mail or a name.")
        if not data["reason"]:
            row.error("reason", "Give the reason for the decision.")
    if event_key == "certificate":
        _check_certificate(row, day)
    elif event_key == "reevaluation":
        data["decision"] = imports.choice(row, "decision", Decision.choices)
        if not cells["decision"]:
            row.error("decision", f"Decision is needed: one of {', '.join(Decision.values)}.")
        data["next_evaluation_due"] = imports.date(row, "next_evaluation_due")
        if data["next_evaluation_due"] and day and data["next_evaluation_due"] <= day:
            row.error("next_evaluation_due", "The next re-evaluation must be after this one.")
    conditional = event_key == "approve_conditionally" or (
        event_key == "reevaluation" and data.get("decision") == Decision.CONDITIONS
    )
    data["conditions"] = cells["conditions"].strip() if conditional else ""
    data["conditions_until"] = imports.date(row, "conditions_until") if conditional else None
    if conditional and not data["conditions"]:
        row.error("conditions", "Say what the conditions were.")


def _check_certificate(row: Row, day: date | None) -> None:
    cells, data = row.cells, row.data
    data["certificate_type"] = imports.choice(row, "certificate_type", CertificateType.choices)
    if not cells["certificate_type"]:
        row.error("certificate_type", "Certificate type is needed.")
    data["issuer"] = " ".join(cells["issuer"].split())
    if not data["issuer"]:
        row.error("issuer", "Issuer is needed: who issued the certificate.")
    elif len(data["issuer"]) > 200:
        row.error("issuer", "Issuer has more than 200 characters.")
    data["number"] = cells["number"].strip()
    if len(data["number"]) > 100:
        row.error("number", "Number has more than 100 characters.")
    data["valid_until"] = imports.date(row, "valid_until", required=True)
    if data["valid_until"] and day and data["valid_until"] < day:
        row.error("valid_until", "A certificate cannot expire before it was issued.")


def _order(row: Row) -> tuple:
    return (
        row.data.get("date") or date.min,
        DAY_ORDER.get(row.data.get("event") or "", 1),
        row.line,
    )


def _check_sequences(organization: Organization, rows: list) -> None:
    """Each supplier's changes of status, in the order they happened, from its status now
    and after the last change the register records."""
    by_supplier = defaultdict(list)
    for row in rows:
        if row.data.get("supplier") is not None:
            by_supplier[row.data["supplier"].pk].append(row)
    if not by_supplier:
        return
    last_recorded: dict[int, date] = {}
    for supplier_id, occurred_at in SupplierTransition.objects.filter(
        organization=organization, supplier_id__in=list(by_supplier)
    ).values_list("supplier_id", "occurred_at"):
        day = timezone.localtime(occurred_at, timezone=ZoneInfo(organization.timezone)).date()
        last_recorded[supplier_id] = max(day, last_recorded.get(supplier_id, day))
    for supplier_id, supplier_rows in by_supplier.items():
        supplier = supplier_rows[0].data["supplier"]
        status = supplier.status
        broken = False
        for row in sorted(supplier_rows, key=_order):
            data = row.data
            event = data.get("event")
            moves = event in STATUS_EVENTS or event == "reevaluation"
            if not moves:
                continue
            if broken:
                row.error(
                    "row",
                    f"An earlier change of {supplier.code} in this file has a problem; this "
                    "one cannot be checked until it is corrected.",
                )
                continue
            if not row.valid:
                broken = True
                continue
            recorded = last_recorded.get(supplier_id)
            if recorded is not None and data["date"] < recorded:
                row.error(
                    "date",
                    f"The register already records a change of {supplier.code}'s status on "
                    f"{recorded}; history can only be brought in after it.",
                )
                broken = True
                continue
            target = (
                decision_target(data["decision"])
                if event == "reevaluation"
                else EVENTS[event].to_status
            )
            data["from_status"] = status
            if event == "reevaluation" and target == status:
                data["to_status"] = ""
                continue
            if event == "reinstate" and status != S.SUSPENDED:
                row.error(
                    "event",
                    f"{supplier.code} is {_label(status)} then, not suspended: it cannot be "
                    "reinstated.",
                )
                broken = True
                continue
            if target not in approval.ALLOWED[status]:
                allowed = ", ".join(_label(value) for value in approval.ALLOWED[status])
                row.error(
                    "decision" if event == "reevaluation" else "event",
                    f"{supplier.code} is {_label(status)} then (from the earlier rows and its "
                    f"status now); it cannot become {_label(target)}. From there it can "
                    f"become: {allowed}.",
                )
                broken = True
                continue
            data["to_status"] = target
            status = target


def check_rows(organization: Organization, rows: list) -> None:
    """Check every row (one query per lookup), then each supplier's sequence of changes."""
    today = organization_today(organization)
    codes = {row.cells["supplier"].lower() for row in rows if row.cells["supplier"]}
    suppliers = {
        supplier.code.lower(): supplier
        for supplier in Supplier.objects.filter(organization=organization).select_related("party")
        if supplier.code.lower() in codes
    }
    members = _members_by_email(organization)
    for row in rows:
        _check_row(row, organization, today, suppliers, members)
    _check_sequences(organization, rows)


def ensure_may_import(organization: Organization, actor: User | None) -> None:
    membership = Membership.objects.filter(organization=organization, user=actor).active().first()
    if not policy.can(membership, approval.TRANSITION_PERMISSION):
        raise PermissionDenied("Your role may not bring in suppliers' history.")


def write_rows(*, organization: Organization, actor: User | None, rows: list) -> None:
    """Write checked rows (inside the import's one transaction), supplier by supplier in
    the order the facts happened."""
    ensure_may_import(organization, actor)
    imported_at = timezone.now()
    by_supplier = defaultdict(list)
    for row in rows:
        by_supplier[row.data["supplier"].pk].append(row)
    for supplier_id, supplier_rows in by_supplier.items():
        supplier = Supplier.objects.select_for_update().select_related("party").get(pk=supplier_id)
        for row in sorted(supplier_rows, key=_order):
            data = row.data
            person = data["member"] or actor
            with acting_as(actor), imported_fact(data["date"]):
                if data["event"] == "certificate":
                    _write_certificate(organization, actor, supplier, data, imported_at, row.line)
                elif data["event"] == "reevaluation":
                    _write_reevaluation(organization, person, supplier, data, imported_at, row)
                else:
                    _write_transition(organization, person, supplier, data, imported_at, row)
        approval.schedule_reevaluation_reminder(organization=organization, supplier=supplier)


def _write_transition(
    organization: Organization,
    person: User | None,
    supplier: Supplier,
    data: dict,
    imported_at: datetime,
    row: Row,
) -> SupplierTransition:
    to_status = data["to_status"]
    reason = (
        data["reason"]
        if data["event"] != "reevaluation"
        else (f"Re-evaluation of {data['date']:%Y-%m-%d}: {data['reason']}")
    )
    with audit_reason(f"Imported history: {reason}"):
        record = SupplierTransition(
            organization=organization,
            supplier=supplier,
            from_status=data["from_status"],
            to_status=to_status,
            reason=reason,
            conditions=data["conditions"],
            conditions_until=data["conditions_until"],
            actor=person,
            decided_by=data["decided_by"],
            occurred_at=moment_of_day(organization, data["date"], seconds=row.line),
            imported_at=imported_at,
        )
        record.full_clean(exclude=["organization", "signature"])
        record.save()
        supplier.status = to_status
        supplier.conditions = data["conditions"]
        supplier.conditions_until = data["conditions_until"]
        if to_status in (S.APPROVED, S.CONDITIONALLY_APPROVED) and (
            supplier.next_evaluation_due is None or supplier.next_evaluation_due <= data["date"]
        ):
            supplier.next_evaluation_due = add_months(
                data["date"],
                schedule_settings.reevaluation_months(organization, supplier.criticality),
            )
        supplier.save()
    return record


def _write_certificate(
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    data: dict,
    imported_at: datetime,
    line: int,
) -> Certificate:
    certificate = Certificate(
        organization=organization,
        supplier=supplier,
        type=data["certificate_type"],
        issuer=data["issuer"],
        number=data["number"],
        valid_from=data["date"],
        valid_to=data["valid_until"],
        file="",
        original_name="",
        content_type="",
        size=0,
        status=CertificateStatus.ACCEPTED,
        uploaded_by=actor,
        accepted_by=actor,
        accepted_at=moment_of_day(organization, data["date"], seconds=line),
        imported_at=imported_at,
    )
    reason = data["reason"] or "Certificate on file before the system"
    with audit_reason(f"Imported history: {reason}"):
        certificate.save()
    return certificate


def certificates_valid_on(
    organization: Organization, supplier: Supplier, day: date
) -> list[Certificate]:
    """The supplier's accepted certificates valid on ``day``: what a re-evaluation that day
    could look at."""
    return list(
        Certificate.objects.filter(
            organization=organization,
            supplier=supplier,
            status=CertificateStatus.ACCEPTED,
            valid_from__lte=day,
            valid_to__gte=day,
        ).order_by("type", "-valid_to", "id")
    )


def _write_reevaluation(
    organization: Organization,
    person: User | None,
    supplier: Supplier,
    data: dict,
    imported_at: datetime,
    row: Row,
) -> ReEvaluation:
    day = data["date"]
    record = ReEvaluation(
        organization=organization,
        supplier=supplier,
        evaluated_on=day,
        evaluator=person,
        evaluator_name=data["decided_by"],
        imported_at=imported_at,
        decision=data["decision"],
        reason=data["reason"],
        conditions=data["conditions"],
        conditions_until=data["conditions_until"],
        next_evaluation_due=data["next_evaluation_due"]
        or default_next_evaluation(organization, supplier, day),
        certificates_reviewed=certificate_snapshot(
            certificates_valid_on(organization, supplier, day)
        ),
        scorecard_snapshot=scorecard_snapshot(supplier, on=day),
        questionnaire_snapshot=questionnaire_snapshot(supplier, on=day),
    )
    if data.get("to_status"):
        record.transition = _write_transition(
            organization, person, supplier, data, imported_at, row
        )
    with audit_reason(f"Imported history: {data['reason']}"):
        record.full_clean(exclude=["organization", "transition"])
        record.save()
        supplier.next_evaluation_due = record.next_evaluation_due
        supplier.save()
    return record


def _summarise(rows: list) -> list[str]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[EVENTS[row.data["event"]].label.lower()] += 1
    suppliers = {row.data["supplier"].code for row in rows}
    facts = ", ".join(f"{count} {label}" for label, count in sorted(counts.items()))
    return [
        f"{len(rows)} facts about {len(suppliers)} suppliers ({facts}); each is recorded as "
        "imported, with the day it happened, and none is signed."
    ]


IMPORT = imports.ImportKind(
    key="history",
    label="facts of suppliers' history",
    singular="fact of a supplier's history",
    required=REQUIRED,
    optional=COLUMNS[len(REQUIRED) :],
    check_rows=check_rows,
    write_rows=write_rows,
    summarise=_summarise,
    allow_valid_only=False,
    notes=(
        "supplier: the code of a supplier in the register.",
        "event: evaluate, approve, approve_conditionally, suspend, reinstate, disqualify, "
        "certificate or reevaluation.",
        "date: the day it happened (YYYY-MM-DD), not after today; for a certificate, the day "
        "it was issued, with valid_until the day it expires.",
        "decided_by: a member's e-mail, or the name of the person who decided; reason: why.",
        "Each supplier's changes of status must follow one another as the approval rules "
        "allow, starting from its status now (a prospective supplier is evaluated first).",
        "reevaluation: decision is continue, conditions, suspend or disqualify; "
        "next_evaluation_due is optional.",
        "The whole file is imported in one go, or nothing.",
    ),
)


def history_import(*, organization: Organization, actor: User | None, content: bytes) -> int:
    """Import a CSV or XLSX file of history (the API's and a command's entry): every row or
    nothing. Returns how many facts were imported; raises ``ImportFileError`` for the file
    and ``ValidationError`` naming the rows' problems."""
    with org_scope(organization):
        ensure_may_import(organization, actor)
    try:
        return imports.import_file(
            organization=organization, actor=actor, kind=IMPORT, content=content
        )
    except ValidationError as error:
        check = imports.check_file(organization=organization, kind=IMPORT, content=content)
        problems = [
            f"line {row.line}, {column}: {message}"
            for row in check.invalid_rows
            for column, _value, message in row.error_list()
        ]
        if problems:
            raise ValidationError(problems) from error
        raise
