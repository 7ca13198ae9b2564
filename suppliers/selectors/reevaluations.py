"""Reads of re-evaluations that the pages and the API share. Each is given the organisation
and returns what its page shows already joined, so that a list costs the same number of
queries whatever its length."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Max, OuterRef, QuerySet, Subquery

from suppliers.models import (
    ReEvaluation,
    Supplier,
)
from suppliers.models.register import ApprovalStatus

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def reevaluations(*, organization: Organization) -> QuerySet[ReEvaluation]:
    return (
        ReEvaluation.objects.filter(organization=organization)
        .select_related("supplier__party", "evaluator", "transition__signature")
        .order_by("-evaluated_on", "-id")
    )


def reevaluations_due(*, organization: Organization) -> QuerySet[Supplier]:
    """Suppliers that are re-evaluated on a schedule (not disqualified, with a date), with
    the date of their latest re-evaluation (``last_evaluated_on``), soonest due first."""
    latest = (
        ReEvaluation.objects.filter(organization=organization, supplier_id=OuterRef("pk"))
        .order_by()
        .values("supplier_id")
        .annotate(last=Max("evaluated_on"))
        .values("last")
    )
    return (
        Supplier.objects.filter(organization=organization, next_evaluation_due__isnull=False)
        .exclude(status=ApprovalStatus.DISQUALIFIED)
        .select_related("party", "owner")
        .annotate(last_evaluated_on=Subquery(latest))
        .order_by("next_evaluation_due", "code", "id")
    )
