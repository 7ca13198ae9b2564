"""Suspension proposals from the scorecard: a governed step. A manager confirms one, which
suspends the supplier through the approval service (signed there), or rejects it with a
reason; the decision itself is signed too, so the proposal shows who decided and that it
has not changed since."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from relmgmt import policy
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.services import signature_create
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.tenancy.models import Membership
from suppliers.models import SuspensionProposal
from suppliers.models.scorecards import ProposalStatus
from suppliers.services import approval

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization
    from suppliers.models import SupplierTransition

DECIDE_PERMISSION = approval.TRANSITION_PERMISSION


def _ensure_may_decide(organization: Organization, actor: User | None) -> None:
    with org_scope(organization):
        membership = (
            Membership.objects.filter(organization=organization, user=actor).active().first()
        )
    if not policy.can(membership, DECIDE_PERMISSION):
        raise PermissionDenied("Your role may not decide on suspensions.")


def _open(organization: Organization, proposal: SuspensionProposal) -> SuspensionProposal:
    ensure_same_organization(organization=organization, record=proposal, field="proposal")
    proposal = (
        SuspensionProposal.objects.select_for_update()
        .select_related("supplier__party")
        .get(pk=proposal.pk)
    )
    if proposal.status != ProposalStatus.OPEN:
        raise ValidationError(
            {"decision": f"This proposal is already decided ({proposal.get_status_display()})."}
        )
    return proposal


def proposal_confirm(
    *,
    organization: Organization,
    actor: User,
    proposal: SuspensionProposal,
    password: str,
    reason: str,
) -> SuspensionProposal:
    """Suspend the supplier (signed) and close the proposal as confirmed (signed)."""
    _ensure_may_decide(organization, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give the reason for the suspension."})
    if not password:
        raise ValidationError({"password": "Sign with your password: this decision is signed."})
    with org_scope(organization), transaction.atomic():
        proposal = _open(organization, proposal)
        transition = approval.supplier_transition(
            organization=organization,
            actor=actor,
            supplier=proposal.supplier,
            action="suspend",
            reason=reason,
            password=password,
        )
        return _decide(
            organization,
            actor,
            proposal,
            ProposalStatus.CONFIRMED,
            reason,
            password,
            transition=transition,
        )


def proposal_reject(
    *,
    organization: Organization,
    actor: User,
    proposal: SuspensionProposal,
    password: str,
    reason: str,
) -> SuspensionProposal:
    """Keep the supplier as it is; the reason says why, and the decision is signed."""
    _ensure_may_decide(organization, actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the suspension is not needed."})
    if not password:
        raise ValidationError({"password": "Sign with your password: this decision is signed."})
    with org_scope(organization), transaction.atomic():
        proposal = _open(organization, proposal)
        return _decide(organization, actor, proposal, ProposalStatus.REJECTED, reason, password)


def _decide(
    organization: Organization,
    actor: User,
    proposal: SuspensionProposal,
    status: str,
    reason: str,
    password: str,
    transition: SupplierTransition | None = None,
) -> SuspensionProposal:
    with acting_as(actor), audit_reason(reason):
        proposal.status = status
        proposal.decision_reason = reason
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.transition = transition
        proposal.save()
    verb = "Confirmed" if status == ProposalStatus.CONFIRMED else "Rejected"
    supplier = proposal.supplier
    signature = signature_create(
        organization=organization,
        signer=actor,
        password=password,
        record=proposal,
        meaning=f"{verb} the proposal to suspend {supplier.name} ({supplier.code})",
    )
    with acting_as(actor), audit_reason(reason):
        proposal.signature = signature
        proposal.save()
    return proposal
