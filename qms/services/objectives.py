"""Writes of quality objectives (ISO 9001 6.2)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qms.models import QualityObjective
from qms.selectors.kpis import kpi_choices
from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = ("title", "kpi", "target", "period_start", "period_end", "owner", "actions")


def _validate(organization: Organization, objective: QualityObjective) -> None:
    if objective.kpi not in dict(kpi_choices()):
        raise ValidationError({"kpi": f"Unknown KPI {objective.kpi!r}; choose a listed one."})
    ensure_owner(organization=organization, user=objective.owner, field="owner")
    start, end = objective.period_start, objective.period_end
    if start and end and end < start:
        raise ValidationError({"period_end": "The period ends before it starts."})
    objective.full_clean(exclude=["organization"])


def objective_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> QualityObjective:
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        objective = QualityObjective(organization=organization, **_only(data))
        _validate(organization, objective)
        objective.save()
    return objective


def objective_update(
    *, organization: Organization, actor: User, objective: QualityObjective, data: dict[str, Any]
) -> QualityObjective:
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        for name, value in _only(data).items():
            setattr(objective, name, value)
        _validate(organization, objective)
        objective.save()
    return objective


def objective_delete(
    *, organization: Organization, actor: User, objective: QualityObjective
) -> None:
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        objective.delete()


def _only(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in FIELDS if name in data}
