"""Re-evaluations of suppliers (ISO 9001 8.4.1): record what was looked at and what was
decided, in one transaction with the approval transition the decision makes.

The decision maps to an approval action (continue → approve, with conditions → approve
with conditions, suspend, disqualify). When the supplier already has the status the
decision leads to, no transition is made; otherwise the transition service makes it, with
its rules (allowed moves, signature with the password where it is signed). The supplier's
next re-evaluation date moves to the record's (by default: the organisation's months for
its criticality after the re-evaluation date) and its reminder moves with it. Anything
refused (a field, a transition not allowed, a wrong password) leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.tenancy.services import ensure_member
from suppliers import schedule_settings
from suppliers.models import Certificate, ReEvaluation, Supplier
from suppliers.models.reevaluations import AuditResult, Decision
from suppliers.services import approval
from suppliers.services.scorecards.snapshots import questionnaire_snapshot, scorecard_snapshot

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization
    from suppliers.models import SupplierTransition

FIELDS = (
    "evaluated_on",
    "evaluator",
    "audit_on",
    "audit_result",
    "audit_reference",
    "audit_notes",
    "other_evidence",
    "decision",
    "reason",
    "conditions",
    "conditions_until",
    "next_evaluation_due",
)
TEXT_FIELDS = ("audit_reference", "audit_notes", "other_evidence", "reason", "conditions")
# The approval action each decision takes, and the status it leads to.
DECISION_ACTION = {
    Decision.CONTINUE: "approve",
    Decision.CONDITIONS: "approve_conditionally",
    Decision.SUSPEND: "suspend",
    Decision.DISQUALIFY: "disqualify",
}


def decision_target(decision: str) -> str:
    return approval.ACTIONS[DECISION_ACTION[decision]].to_status


def decision_needs_signature(supplier: Supplier, decision: str) -> bool:
    """Whether recording ``decision`` for ``supplier`` (as it is now) is signed."""
    if decision not in DECISION_ACTION or supplier.status == decision_target(decision):
        return False
    return approval.ACTIONS[DECISION_ACTION[decision]].signed


def default_next_evaluation(
    organization: Organization, supplier: Supplier, evaluated_on: date
) -> date:
    months = schedule_settings.reevaluation_months(organization, supplier.criticality)
    return add_months(evaluated_on, months)


def certificate_snapshot(certificates: Iterable[Certificate]) -> list[dict]:
    return [
        {
            "id": certificate.pk,
            "type": certificate.type,
            "type_label": certificate.get_type_display(),
            "issuer": certificate.issuer,
            "number": certificate.number,
            "valid_to": certificate.valid_to.isoformat(),
        }
        for certificate in certificates
    ]


def _certificates(organization: Organization, supplier: Supplier, chosen: Any) -> list[Certificate]:
    ids = []
    for item in chosen or []:
        ids.append(getattr(item, "pk", item))
    try:
        ids = list(dict.fromkeys(int(pk) for pk in ids))
    except (TypeError, ValueError):
        raise ValidationError({"certificates": "Choose certificates by their number."}) from None
    found = {
        certificate.pk: certificate
        for certificate in Certificate.objects.filter(
            organization=organization, supplier=supplier, pk__in=ids
        )
    }
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError(
            {
                "certificates": f"Choose certificates of {supplier.code} only "
                f"(not {', '.join(missing)})."
            }
        )
    return [found[pk] for pk in ids]


def _check(organization: Organization, record: ReEvaluation) -> None:
    today = organization_today(organization)
    errors = {}
    if record.evaluator_id is None:
        errors["evaluator"] = "Name the member who re-evaluated the supplier."
    if record.evaluated_on and record.evaluated_on > today:
        errors["evaluated_on"] = (
            f"A re-evaluation cannot be recorded ahead of time (today is {today:%Y-%m-%d})."
        )
    if record.decision not in Decision.values:
        errors["decision"] = f"Choose a decision: {', '.join(Decision.values)}."
    if not record.reason:
        errors["reason"] = "Give the reason for the decision."
    if record.audit_result and record.audit_on is None:
        errors["audit_on"] = "Give the date of the audit whose result you record."
    if record.audit_on and record.audit_on > today:
        errors["audit_on"] = "An audit result can only be recorded for an audit held."
    if record.audit_result and record.audit_result not in AuditResult.values:
        errors["audit_result"] = f"Choose an audit result: {', '.join(AuditResult.values)}."
    if (
        record.audit_on or record.audit_reference or record.audit_notes
    ) and not record.audit_result:
        errors["audit_result"] = "Give the audit's result, or leave the audit empty."
    if errors:
        raise ValidationError(errors)
    ensure_member(organization=organization, user=record.evaluator, field="evaluator")


def reevaluation_record(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    data: dict,
    password: str = "",
) -> ReEvaluation:
    """Record a re-evaluation of ``supplier`` and carry out its decision.

    ``data`` holds the fields of ``ReEvaluation`` (``next_evaluation_due`` may be left out)
    and ``certificates``: the supplier's certificates (or their ids) that were looked at.
    ``password`` signs the approval transition when the decision makes a signed one.
    """
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    record = ReEvaluation(organization=organization, supplier=supplier)
    for field in FIELDS:
        if field in data:
            setattr(record, field, data[field])
    for field in TEXT_FIELDS:
        setattr(record, field, (getattr(record, field) or "").strip())
    record.audit_result = record.audit_result or ""
    with org_scope(organization), transaction.atomic():
        supplier = Supplier.objects.select_for_update().select_related("party").get(pk=supplier.pk)
        _check(organization, record)
        certificates = _certificates(organization, supplier, data.get("certificates"))
        if not record.next_evaluation_due:
            record.next_evaluation_due = default_next_evaluation(
                organization, supplier, record.evaluated_on
            )
        if record.next_evaluation_due <= record.evaluated_on:
            raise ValidationError(
                {"next_evaluation_due": "The next re-evaluation must be after this one."}
            )
        if record.decision != Decision.CONDITIONS:
            record.conditions, record.conditions_until = "", None
        record.certificates_reviewed = certificate_snapshot(certificates)
        # The evidence as it stood on the day of the re-evaluation (today, or a past day).
        record.scorecard_snapshot = scorecard_snapshot(supplier, on=record.evaluated_on)
        record.questionnaire_snapshot = questionnaire_snapshot(supplier, on=record.evaluated_on)
        validate(record)
        if supplier.status != decision_target(record.decision):
            record.transition = _transition(organization, actor, supplier, record, password)
        elif record.decision == Decision.CONDITIONS and not record.conditions:
            raise ValidationError({"conditions": "Say what the conditions are."})
        with acting_as(actor), audit_reason(record.reason):
            record.save()
            supplier = (
                Supplier.objects.select_for_update().select_related("party").get(pk=supplier.pk)
            )
            supplier.next_evaluation_due = record.next_evaluation_due
            supplier.save()
        approval.schedule_reevaluation_reminder(organization=organization, supplier=supplier)
    return record


def _transition(
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    record: ReEvaluation,
    password: str,
) -> SupplierTransition:
    try:
        return approval.supplier_transition(
            organization=organization,
            actor=actor,
            supplier=supplier,
            action=DECISION_ACTION[record.decision],
            reason=f"Re-evaluation of {record.evaluated_on:%Y-%m-%d}: {record.reason}",
            password=password,
            conditions=record.conditions,
            conditions_until=record.conditions_until,
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        # The transition names its own fields; on a re-evaluation the action is the decision.
        raise ValidationError(
            {
                ("decision" if field == "action" else field): messages
                for field, messages in error.message_dict.items()
            }
        ) from error
