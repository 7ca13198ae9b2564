"""Scorecard definitions and manual ratings: what a manager decides about scoring.

A definition is never changed in place: saving makes the next version (criteria included),
so every result names the rules it was computed by and the trail shows who changed what.
Saving recomputes every scorecard of the organisation and records each change of score
with the cause "definition changed".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from relmgmt import policy
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.tenancy.models import Membership
from suppliers.models import ManualRating, ScorecardCriterion, ScorecardDefinition
from suppliers.models.metrics import METRICS
from suppliers.models.periods import period_start_of
from suppliers.models.scorecards import RANKED_STANDINGS, ChangeCause, Consequence, Period
from suppliers.services.scorecards import recompute as scorecard_recompute

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier

DEFAULT_CRITERIA = [
    {"metric": "otif", "weight": 40, "tolerance_days": 0},
    {"metric": "defect_ppm", "weight": 30},
    {"metric": "days_late", "weight": 10},
    {"metric": "days_late_sd", "weight": 10},
    {"metric": "manual_rating", "weight": 10},
]
DEFAULT_CONSEQUENCES = {
    "needs_improvement": [Consequence.NOTIFY_OWNER.value],
    "poor": [
        Consequence.NOTIFY_OWNER.value,
        Consequence.REQUIRE_REVIEW.value,
        Consequence.PROPOSE_SUSPENSION.value,
    ],
}


def ensure_may_change(organization: Organization, actor: User | None) -> None:
    with org_scope(organization):
        membership = (
            Membership.objects.filter(organization=organization, user=actor).active().first()
        )
    if not policy.can(membership, "records.change"):
        raise PermissionDenied("Your role may not change scorecards.")


def _number(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: "Give a number."}) from None
    if not number.is_finite():
        raise ValidationError({field: "Give a number."})
    return number


def clean_criteria(criteria: list[dict]) -> list[dict]:
    """Each criterion checked (known metric, once; whole weight 1-100; 0 and 100 points at
    different values; tolerance 0-30 days), and the weights adding up to 100."""
    if not criteria:
        raise ValidationError({"criteria": "Choose at least one criterion."})
    cleaned, seen, errors = [], set(), []
    for position, raw in enumerate(criteria, start=1):
        metric = METRICS.get(raw.get("metric"))
        if metric is None:
            errors.append(f"Criterion {position}: choose one of the built-in metrics.")
            continue
        if metric.key in seen:
            errors.append(f"Criterion {position}: {metric.label} is chosen twice.")
            continue
        seen.add(metric.key)
        try:
            weight = int(str(raw.get("weight", "")).strip())
        except ValueError:
            errors.append(f"{metric.label}: the weight must be a whole number.")
            continue
        if not 1 <= weight <= 100:
            errors.append(f"{metric.label}: the weight must be between 1 and 100.")
            continue
        zero = raw.get("zero_points_at")
        full = raw.get("full_points_at")
        zero = metric.zero_points_at if zero in (None, "") else _number(zero, "criteria")
        full = metric.full_points_at if full in (None, "") else _number(full, "criteria")
        if zero == full:
            errors.append(f"{metric.label}: the values for 0 and 100 points must differ.")
            continue
        tolerance = raw.get("tolerance_days") or 0
        try:
            tolerance = int(tolerance)
        except (TypeError, ValueError):
            tolerance = -1
        if not 0 <= tolerance <= 30:
            errors.append(f"{metric.label}: the tolerance must be 0 to 30 days.")
            continue
        cleaned.append(
            {
                "metric": metric.key,
                "weight": weight,
                "zero_points_at": zero,
                "full_points_at": full,
                "tolerance_days": tolerance if metric.has_tolerance else 0,
            }
        )
    if errors:
        raise ValidationError({"criteria": errors})
    total = sum(item["weight"] for item in cleaned)
    if total != 100:
        raise ValidationError(
            {"criteria": f"The weights add up to {total}; they must add up to 100."}
        )
    return cleaned


def clean_consequences(consequences: dict) -> dict:
    valid = set(Consequence.values)
    cleaned = {}
    for standing in RANKED_STANDINGS:
        chosen = [c for c in dict.fromkeys((consequences or {}).get(standing, [])) if c]
        unknown = [c for c in chosen if c not in valid]
        if unknown:
            raise ValidationError({"consequences": f"Unknown consequence: {', '.join(unknown)}."})
        if chosen:
            cleaned[str(standing)] = chosen
    return cleaned


def definition_save(
    *,
    organization: Organization,
    actor: User | None,
    period: str,
    criteria: list[dict],
    excellent_from: Any = 85,
    good_from: Any = 70,
    needs_improvement_from: Any = 50,
    consequences: dict | None = None,
    note: str = "",
    recompute: bool = True,
) -> ScorecardDefinition:
    """Make the next version of the organisation's scorecard definition."""
    if actor is not None:
        ensure_may_change(organization, actor)
    if period not in Period.values:
        raise ValidationError({"period": "Choose monthly or quarterly."})
    thresholds = {
        "excellent_from": _number(excellent_from, "excellent_from"),
        "good_from": _number(good_from, "good_from"),
        "needs_improvement_from": _number(needs_improvement_from, "needs_improvement_from"),
    }
    if not (
        100
        >= thresholds["excellent_from"]
        > thresholds["good_from"]
        > thresholds["needs_improvement_from"]
        >= 0
    ):
        raise ValidationError(
            {
                "excellent_from": "Thresholds must fall from excellent to needs improvement, "
                "between 100 and 0 (e.g. 85, 70, 50)."
            }
        )
    cleaned = clean_criteria(criteria)
    chosen_consequences = clean_consequences(
        DEFAULT_CONSEQUENCES if consequences is None else consequences
    )
    with org_scope(organization), transaction.atomic():
        latest = (
            ScorecardDefinition.objects.select_for_update()
            .filter(organization=organization)
            .aggregate(Max("version"))["version__max"]
        )
        version = (latest or 0) + 1
        with acting_as(actor), audit_reason(note or f"Scorecard definition version {version}"):
            definition = ScorecardDefinition.objects.create(
                organization=organization,
                version=version,
                period=period,
                consequences=chosen_consequences,
                change_note=(note or "").strip(),
                created_by=actor,
                **thresholds,
            )
            for item in cleaned:
                ScorecardCriterion.objects.create(
                    organization=organization, definition=definition, **item
                )
        if recompute:
            scorecard_recompute.scorecards_recompute(
                organization=organization,
                cause=ChangeCause.DEFINITION_CHANGED,
                note=f"version {version}" + (f": {note.strip()}" if note.strip() else ""),
                actor=actor,
            )
    return definition


def definition_create_default(
    *, organization: Organization, actor: User | None = None, recompute: bool = True
) -> ScorecardDefinition:
    return definition_save(
        organization=organization,
        actor=actor,
        period=Period.MONTHLY,
        criteria=DEFAULT_CRITERIA,
        note="The default scorecard",
        recompute=recompute,
    )


# --- manual ratings --------------------------------------------------------------------------


def manual_rating_save(
    *,
    organization: Organization,
    actor: User,
    supplier: Supplier,
    period_start: date,
    rating: Any,
    note: str = "",
) -> ManualRating:
    """Rate ``supplier`` (1 to 5) for the month of ``period_start``; rating the same month
    again replaces the rating (the trail keeps the old one). Rescores that period."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    ensure_may_change(organization, actor)
    if period_start is None:
        raise ValidationError({"period_start": "Choose the month rated."})
    value = _number(rating, "rating")
    if not Decimal(1) <= value <= Decimal(5) or value != value.quantize(Decimal("0.1")):
        raise ValidationError({"rating": "Rate from 1 to 5 (one decimal at most)."})
    month = period_start_of(period_start, Period.MONTHLY)
    with org_scope(organization), transaction.atomic():
        existing = (
            ManualRating.objects.select_for_update()
            .filter(supplier=supplier, period_start=month)
            .first()
        )
        rating_row = existing or ManualRating(
            organization=organization, supplier=supplier, period_start=month, rated_by=actor
        )
        rating_row.rating = value
        rating_row.note = (note or "").strip()
        rating_row.rated_by = actor
        with acting_as(actor), audit_reason("Manual rating"):
            rating_row.save()
        definition = scorecard_recompute.current_definition(organization=organization)
        if definition is not None:
            scorecard_recompute.scorecards_recompute(
                organization=organization,
                scope=scorecard_recompute.Scope(
                    supplier_ids=(supplier.pk,),
                    period_starts=(period_start_of(month, definition.period),),
                ),
                cause=ChangeCause.MANUAL_RATING,
                note=f"rated {value} for {month:%B %Y}",
                actor=actor,
            )
    return rating_row
