"""Reads of corrective actions: the list (with the recurrence flag and whether anything is
overdue, computed in the same query), one with its analysis, actions, timeline and
evidence, the age, and the home tile's counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from corrective_actions.models import (
    ActionStep,
    CorrectiveAction,
    CorrectiveActionEvent,
    FishboneCause,
    WhyStep,
)
from corrective_actions.models.corrective_actions import CA_OPEN_STATES, CaState, StepStatus
from corrective_actions.models.root_cause import FishboneCategory
from relmgmt.core.dates import organization_today

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

RECURRENCE_WINDOW = timedelta(days=365)


def recurrence_q() -> Exists:
    """Another corrective action of the same category with the same party or supplier,
    opened within the twelve months before this one (its own earlier cycle not counted)."""
    earlier = (
        CorrectiveAction.objects.filter(
            organization=OuterRef("organization"),
            category=OuterRef("category"),
            opened_at__lt=OuterRef("opened_at"),
            opened_at__gte=OuterRef("opened_at") - RECURRENCE_WINDOW,
        )
        .filter(Q(party=OuterRef("party")) | Q(supplier=OuterRef("supplier")))
        # Coalesce: a comparison with a null "previous" would exclude every row.
        .exclude(pk=Coalesce(OuterRef("previous"), Value(0)))
    )
    return Exists(earlier)


def overdue_q(today: date) -> Q:
    """Open corrective actions with an open action past its due date, or an effectiveness
    check past its day."""
    late_step = ActionStep.objects.filter(
        organization=OuterRef("organization"),
        corrective_action=OuterRef("pk"),
        status__in=(StepStatus.PLANNED, StepStatus.IN_PROGRESS),
        due_on__lt=today,
    )
    return Q(state__in=CA_OPEN_STATES) & (
        Exists(late_step) | Q(state=CaState.EFFECTIVENESS_CHECK, effectiveness_due_on__lt=today)
    )


def corrective_actions(*, organization: Organization) -> QuerySet[CorrectiveAction]:
    today = organization_today(organization)
    return (
        CorrectiveAction.objects.filter(organization=organization)
        .select_related("party", "supplier__party", "owner", "nonconformity")
        .annotate(recurrent=recurrence_q(), overdue=overdue_q(today))
        .order_by("-opened_at", "-id")
    )


def ca_detail(*, organization: Organization) -> QuerySet[CorrectiveAction]:
    return (
        CorrectiveAction.objects.filter(organization=organization)
        .select_related(
            "party",
            "supplier__party",
            "owner",
            "nonconformity",
            "complaint",
            "previous",
            "analysis",
            "verified_by",
            "effectiveness_checked_by",
            "closed_by",
            "closure_signature",
        )
        .annotate(recurrent=recurrence_q())
    )


def timeline(
    *, organization: Organization, corrective_action: CorrectiveAction
) -> QuerySet[CorrectiveActionEvent]:
    return CorrectiveActionEvent.objects.filter(
        organization=organization, corrective_action=corrective_action
    ).select_related("actor")


def steps(
    *, organization: Organization, corrective_action: CorrectiveAction
) -> QuerySet[ActionStep]:
    return ActionStep.objects.filter(
        organization=organization, corrective_action=corrective_action
    ).select_related("owner")


@dataclass(frozen=True)
class Analysis:
    whys: list[WhyStep]
    # (category key, label, causes) for each of the six categories, in their order.
    fishbone: list[tuple[str, str, list[FishboneCause]]]


def analysis(*, organization: Organization, corrective_action: CorrectiveAction) -> Analysis:
    whys = list(
        WhyStep.objects.filter(organization=organization, analysis_id=corrective_action.analysis_id)
    )
    causes = list(
        FishboneCause.objects.filter(
            organization=organization, analysis_id=corrective_action.analysis_id
        ).order_by("id")
    )
    return Analysis(
        whys=whys,
        fishbone=[
            (key, label, [cause for cause in causes if cause.category == key])
            for key, label in FishboneCategory.choices
        ],
    )


def age_days(record: CorrectiveAction, now: datetime | None = None) -> int:
    """Days open: to the closure for a closed one, to now for an open one."""
    end = record.closed_at or now or timezone.now()
    return max(0, (end - record.opened_at).days)


def open_counts(*, organization: Organization) -> dict:
    today = organization_today(organization)
    return CorrectiveAction.objects.filter(
        organization=organization, state__in=CA_OPEN_STATES
    ).aggregate(actions_open=Count("id"), actions_overdue=Count("id", filter=overdue_q(today)))
