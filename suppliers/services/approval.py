"""Approval of suppliers (ISO 9001 8.4): the one place a supplier's status changes.

A transition names where the supplier goes and why; the service checks that the status
allows it (refusing with the allowed ones named), that the person may transition
suppliers, and, where the move carries weight (approve, approve with conditions, suspend,
disqualify), that they sign it with their password. It writes the transition log row and
the supplier's new status in one transaction: a refused or unsigned transition leaves
nothing behind.

The signature covers the transition row as written (supplier, from, to, reason,
conditions, person, time); linking the row to its signature right after signing is the
one later write, and ``signature_is_current`` puts that link back as signed to compare.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relmgmt import policy
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.services import signature_create
from relmgmt.audit.services import signature_is_current as signature_matches
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.notifications.services import scheduling
from relmgmt.tenancy.models import Membership
from suppliers import schedule_settings
from suppliers.models import Supplier, SupplierTransition
from suppliers.models.register import ApprovalStatus
from suppliers.reminder_kinds import REEVALUATION_DUE
from suppliers.selectors import certificates as certificate_selectors
from suppliers.services.continuity import raise_categories_without_source

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

TRANSITION_PERMISSION = "suppliers.transition"
S = ApprovalStatus
# Statuses whose suppliers are not re-evaluated on a schedule.
NOT_REEVALUATED = (ApprovalStatus.DISQUALIFIED,)


@dataclass(frozen=True)
class Action:
    """A transition as people name it: a verb, the status it leads to, whether it is signed."""

    key: str
    label: str
    to_status: str
    signed: bool
    meaning: str  # what the signature means, in the signer's words

    @property
    def to_label(self) -> str:
        return ApprovalStatus(self.to_status).label


ACTIONS = {
    action.key: action
    for action in [
        Action("evaluate", "Start an evaluation", S.UNDER_EVALUATION, False, ""),
        Action("approve", "Approve", S.APPROVED, True, "Approved the supplier"),
        Action(
            "approve_conditionally",
            "Approve with conditions",
            S.CONDITIONALLY_APPROVED,
            True,
            "Approved the supplier with conditions",
        ),
        Action("suspend", "Suspend", S.SUSPENDED, True, "Suspended the supplier"),
        Action("disqualify", "Disqualify", S.DISQUALIFIED, True, "Disqualified the supplier"),
    ]
}
ACTION_BY_STATUS = {action.to_status: action for action in ACTIONS.values()}

# From each status, the statuses a supplier may move to.
ALLOWED = {
    S.PROSPECTIVE: (S.UNDER_EVALUATION, S.DISQUALIFIED),
    S.UNDER_EVALUATION: (S.APPROVED, S.CONDITIONALLY_APPROVED, S.DISQUALIFIED),
    S.APPROVED: (S.UNDER_EVALUATION, S.CONDITIONALLY_APPROVED, S.SUSPENDED, S.DISQUALIFIED),
    S.CONDITIONALLY_APPROVED: (S.UNDER_EVALUATION, S.APPROVED, S.SUSPENDED, S.DISQUALIFIED),
    S.SUSPENDED: (S.UNDER_EVALUATION, S.APPROVED, S.DISQUALIFIED),
    S.DISQUALIFIED: (S.UNDER_EVALUATION,),
}


def allowed_actions(status: str) -> list[Action]:
    return [ACTION_BY_STATUS[target] for target in ALLOWED[status]]


def _label(status: str) -> str:
    return ApprovalStatus(status).label.lower()


def _ensure_may_transition(organization: Organization, actor: User | None) -> None:
    membership = Membership.objects.filter(organization=organization, user=actor).active().first()
    if not policy.can(membership, TRANSITION_PERMISSION):
        raise PermissionDenied("Your role may not change a supplier's approval status.")


def _check_conditions(
    organization: Organization, to_status: str, conditions: str, conditions_until: date | None
) -> None:
    if to_status != S.CONDITIONALLY_APPROVED:
        return
    errors = {}
    if not conditions:
        errors["conditions"] = "Say what the conditions are."
    if conditions_until is None:
        errors["conditions_until"] = "Give the date the conditional approval ends."
    elif conditions_until <= organization_today(organization):
        errors["conditions_until"] = "The end date must be after today."
    if errors:
        raise ValidationError(errors)


def _certificate_override(
    organization: Organization, supplier: Supplier, to_status: str, override_reason: str
) -> str:
    """An approval of a supplier lacking a valid certificate the organisation requires is
    refused (by the organisation's setting) or needs an explicit override with its reason;
    returns what is recorded of the override (empty when nothing was lacking)."""
    if to_status not in (S.APPROVED, S.CONDITIONALLY_APPROVED):
        return ""
    gaps = certificate_selectors.supplier_certificate_gaps(
        organization=organization, supplier=supplier
    )
    if not gaps:
        return ""
    lacking = ", ".join(gap.label for gap in gaps)
    if (
        certificate_selectors.approval_without_certificate(organization)
        == certificate_selectors.APPROVAL_REFUSE
    ):
        raise ValidationError(
            {
                "action": f"{supplier.name} cannot be approved: a required certificate is not "
                f"valid ({lacking}). The organisation's settings refuse such approvals."
            }
        )
    if not override_reason:
        raise ValidationError(
            {
                "certificate_override": f"A required certificate is not valid ({lacking}). To "
                "approve anyway, give the reason for the override (it is recorded and shown "
                "on the supplier)."
            }
        )
    return f"{lacking}. Approved anyway: {override_reason}"


def supplier_transition(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    action: str,
    reason: str,
    password: str = "",
    conditions: str = "",
    conditions_until: date | None = None,
    certificate_override: str = "",
) -> SupplierTransition:
    """Move ``supplier`` by ``action`` (a key of ``ACTIONS``), recording why and who. An
    approval of a supplier lacking a required valid certificate needs
    ``certificate_override`` (the reason to approve anyway), or is refused by the
    organisation's setting."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    chosen = ACTIONS.get(action)
    if chosen is None:
        raise ValidationError(
            {"action": f"Unknown action {action!r}; choose one of: {', '.join(ACTIONS)}."}
        )
    reason = (reason or "").strip()
    conditions = (conditions or "").strip()
    with org_scope(organization), transaction.atomic():
        _ensure_may_transition(organization, actor)
        supplier = Supplier.objects.select_for_update().select_related("party").get(pk=supplier.pk)
        from_status = supplier.status
        if chosen.to_status not in ALLOWED[from_status]:
            allowed = allowed_actions(from_status)
            raise ValidationError(
                {
                    "action": f"A supplier that is {_label(from_status)} cannot be "
                    f"{_label(chosen.to_status)}. Allowed: "
                    f"{'; '.join(f'{a.label.lower()} ({a.key})' for a in allowed)}."
                }
            )
        if not reason:
            raise ValidationError({"reason": "Give the reason for the change."})
        _check_conditions(organization, chosen.to_status, conditions, conditions_until)
        override = _certificate_override(
            organization, supplier, chosen.to_status, (certificate_override or "").strip()
        )
        if chosen.signed and not password:
            raise ValidationError({"password": "Sign with your password: this change is signed."})
        if chosen.to_status != S.CONDITIONALLY_APPROVED:
            conditions, conditions_until = "", None
        with acting_as(actor), audit_reason(reason):
            record = SupplierTransition(
                organization=organization,
                supplier=supplier,
                from_status=from_status,
                to_status=chosen.to_status,
                reason=reason,
                conditions=conditions,
                conditions_until=conditions_until,
                certificate_override=override,
                actor=actor,
                occurred_at=timezone.now(),
            )
            record.full_clean(exclude=["organization", "signature"])
            record.save()
            supplier.status = chosen.to_status
            supplier.conditions = conditions
            supplier.conditions_until = conditions_until
            supplier.certificate_override = override
            if chosen.to_status in (S.APPROVED, S.CONDITIONALLY_APPROVED) and (
                supplier.next_evaluation_due is None
                or supplier.next_evaluation_due <= organization_today(organization)
            ):
                supplier.next_evaluation_due = add_months(
                    organization_today(organization),
                    schedule_settings.reevaluation_months(organization, supplier.criticality),
                )
            supplier.save()
        if chosen.signed:
            # A wrong password raises here and the whole transition rolls back.
            signature = signature_create(
                organization=organization,
                signer=actor,
                password=password,
                record=record,
                meaning=f"{chosen.meaning} {supplier.name} ({supplier.code})",
            )
            with acting_as(actor), audit_reason(reason):
                record.signature = signature
                record.save()
        schedule_reevaluation_reminder(organization=organization, supplier=supplier)
        if chosen.to_status in (S.SUSPENDED, S.DISQUALIFIED):
            raise_categories_without_source(organization=organization, supplier=supplier)
    return record


def signature_is_current(record: SupplierTransition) -> bool | None:
    """None when unsigned; else whether the transition is unchanged since it was signed."""
    if not record.signature_id:
        return None
    signed = copy(record)
    signed.signature_id = None
    return signature_matches(record.signature, signed)


def reevaluation_bring_forward(
    *, organization: Organization, supplier: Supplier, due: date, reason: str
) -> Supplier:
    """Bring the supplier's re-evaluation forward to ``due`` (a scorecard standing asks for
    it), recorded with ``reason``, and move its reminder with it."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    with org_scope(organization), transaction.atomic():
        supplier = Supplier.objects.select_for_update().select_related("party").get(pk=supplier.pk)
        supplier.next_evaluation_due = due
        with acting_as(None), audit_reason(reason):
            supplier.save()
        schedule_reevaluation_reminder(organization=organization, supplier=supplier)
    return supplier


def schedule_reevaluation_reminder(*, organization: Organization, supplier: Supplier) -> None:
    """The owner hears before the re-evaluation is due (30 days unless the organisation
    chose otherwise), and again when overdue; none for disqualified suppliers or without a
    date."""
    if supplier.status in NOT_REEVALUATED or supplier.next_evaluation_due is None:
        scheduling.reminders_cancel(
            organization=organization,
            record=supplier,
            kind=REEVALUATION_DUE.key,
            reason="the supplier is disqualified"
            if supplier.next_evaluation_due
            else "no re-evaluation is due",
        )
        return
    today = organization_today(organization)
    due = supplier.next_evaluation_due
    scheduling.reminder_schedule(
        organization=organization,
        kind=REEVALUATION_DUE.key,
        record=supplier,
        due_date=due,
        send_on=max(
            today, due - timedelta(days=schedule_settings.reevaluation_remind_days(organization))
        ),
        recipients=[supplier.owner] if supplier.owner else [],
        url=reverse(
            "suppliers:supplier_detail", kwargs={"org_slug": organization.slug, "pk": supplier.pk}
        ),
    )
