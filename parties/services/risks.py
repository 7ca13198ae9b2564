"""Risks and opportunities of a relationship (ISO 9001 6.1): record and change them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from parties.models import Party, Risk
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

RISK_FIELDS = (
    "kind",
    "description",
    "likelihood",
    "impact",
    "treatment",
    "owner",
    "review_on",
    "status",
)


def risk_create(
    *, organization: Organization, actor: User | None, party: Party, data: dict
) -> Risk:
    ensure_same_organization(organization=organization, record=party, field="party")
    risk = Risk(organization=organization, party=party)
    return _save(organization, actor, risk, data, reason="")


def risk_update(
    *, organization: Organization, actor: User | None, risk: Risk, data: dict, reason: str = ""
) -> Risk:
    """Change a risk (re-rate it, record its treatment, close it); the party stays."""
    ensure_same_organization(organization=organization, record=risk, field="risk")
    with org_scope(organization):
        risk = Risk.objects.get(pk=risk.pk)
    return _save(organization, actor, risk, data, reason=reason)


def _save(
    organization: Organization, actor: User | None, risk: Risk, data: dict, *, reason: str
) -> Risk:
    for field in RISK_FIELDS:
        if field in data:
            setattr(risk, field, data[field])
    risk.description = (risk.description or "").strip()
    risk.treatment = (risk.treatment or "").strip()
    with org_scope(organization), transaction.atomic():
        ensure_owner(organization=organization, user=risk.owner, field="owner")
        validate(risk)
        with acting_as(actor), audit_reason(reason):
            risk.save()
    return risk
