"""Root cause analysis writes: the five whys (add a step at the end, change a step, move it
to another place in the chain, remove one and close the gap) and the fishbone's causes
(add, change, mark as root, remove), and the analysis's summary in words.

The analysis serves whatever record points at it (a corrective action today, a supplier's
8D D4 later): the caller hands it over after checking the record allows editing; a frozen
analysis (its record is past the analysis) refuses every change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from corrective_actions.models import FishboneCause, RootCauseAnalysis, WhyStep
from corrective_actions.models.root_cause import FishboneCategory
from corrective_actions.services.common import long_text, text
from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

MAX_WHYS = 10
MAX_CAUSES = 60
MAX_LINE = 500


def analysis_create(*, organization: Organization) -> RootCauseAnalysis:
    return RootCauseAnalysis.objects.create(organization=organization)


def _open(organization: Organization, analysis: RootCauseAnalysis) -> RootCauseAnalysis:
    ensure_same_organization(organization=organization, record=analysis, field="analysis")
    locked = RootCauseAnalysis.objects.select_for_update().get(pk=analysis.pk)
    if locked.frozen:
        raise ValidationError(
            "The root cause analysis is closed: the actions taken on it are under way."
        )
    return locked


def _line(field: str, value: object, label: str, required: bool = True) -> str:
    value = text(value)
    if required and not value:
        raise ValidationError({field: f"Say {label}."})
    if len(value) > MAX_LINE:
        raise ValidationError({field: f"Keep it within {MAX_LINE} characters."})
    return value


def summary_save(
    *, organization: Organization, actor: User | None, analysis: RootCauseAnalysis, summary: str
) -> RootCauseAnalysis:
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        locked = _open(organization, analysis)
        locked.summary = long_text("summary", summary, "root cause")
        locked.save()
    return locked


def why_add(
    *,
    organization: Organization,
    actor: User | None,
    analysis: RootCauseAnalysis,
    why: str,
    because: str = "",
) -> WhyStep:
    """Add the next step of the chain (at most ten)."""
    why = _line("why", why, "why it happened")
    because = _line("because", because, "the answer", required=False)
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        locked = _open(organization, analysis)
        top = WhyStep.objects.filter(analysis=locked).aggregate(top=Max("position"))["top"] or 0
        if top >= MAX_WHYS:
            raise ValidationError({"why": f"The chain has {MAX_WHYS} steps already."})
        return WhyStep.objects.create(
            organization=organization, analysis=locked, position=top + 1, why=why, because=because
        )


def why_update(
    *, organization: Organization, actor: User | None, step: WhyStep, why: str, because: str
) -> WhyStep:
    ensure_same_organization(organization=organization, record=step, field="step")
    why = _line("why", why, "why it happened")
    because = _line("because", because, "the answer", required=False)
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        _open(organization, step.analysis)
        step = WhyStep.objects.select_for_update().get(pk=step.pk)
        step.why, step.because = why, because
        step.save()
    return step


def why_delete(*, organization: Organization, actor: User | None, step: WhyStep) -> None:
    """Remove a step; the ones after it move up, so the chain has no gap."""
    ensure_same_organization(organization=organization, record=step, field="step")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        locked = _open(organization, step.analysis)
        position = step.position
        step.delete()
        for later in WhyStep.objects.filter(analysis=locked, position__gt=position).order_by(
            "position"
        ):
            later.position -= 1
            later.save()


def why_move(
    *, organization: Organization, actor: User | None, step: WhyStep, position: int
) -> WhyStep:
    """Move a step to ``position`` (1 is the first); the steps between close up behind it,
    so the chain stays numbered 1 to n without a gap."""
    ensure_same_organization(organization=organization, record=step, field="step")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        locked = _open(organization, step.analysis)
        chain = list(
            WhyStep.objects.select_for_update().filter(analysis=locked).order_by("position", "id")
        )
        if not isinstance(position, int) or not 1 <= position <= len(chain):
            raise ValidationError({"position": f"Choose a position from 1 to {len(chain)}."})
        moving = next(item for item in chain if item.pk == step.pk)
        chain.remove(moving)
        chain.insert(position - 1, moving)
        for number, item in enumerate(chain, start=1):
            if item.position != number:
                item.position = number
                item.save()
    return moving


def _category(value: str) -> str:
    if value not in FishboneCategory.values:
        raise ValidationError(
            {"category": f"Choose a category: {', '.join(FishboneCategory.values)}."}
        )
    return value


def cause_add(
    *,
    organization: Organization,
    actor: User | None,
    analysis: RootCauseAnalysis,
    category: str,
    cause: str,
    is_root: bool = False,
) -> FishboneCause:
    category = _category(category)
    cause = _line("cause", cause, "the cause")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        locked = _open(organization, analysis)
        if FishboneCause.objects.filter(analysis=locked).count() >= MAX_CAUSES:
            raise ValidationError({"cause": f"The diagram has {MAX_CAUSES} causes already."})
        return FishboneCause.objects.create(
            organization=organization,
            analysis=locked,
            category=category,
            cause=cause,
            is_root=bool(is_root),
        )


def cause_update(
    *,
    organization: Organization,
    actor: User | None,
    cause: FishboneCause,
    category: str,
    text_of_cause: str,
    is_root: bool,
) -> FishboneCause:
    ensure_same_organization(organization=organization, record=cause, field="cause")
    category = _category(category)
    words = _line("cause", text_of_cause, "the cause")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        _open(organization, cause.analysis)
        cause = FishboneCause.objects.select_for_update().get(pk=cause.pk)
        cause.category, cause.cause, cause.is_root = category, words, bool(is_root)
        cause.save()
    return cause


def cause_delete(*, organization: Organization, actor: User | None, cause: FishboneCause) -> None:
    ensure_same_organization(organization=organization, record=cause, field="cause")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        _open(organization, cause.analysis)
        cause.delete()


def has_root_cause(analysis: RootCauseAnalysis) -> bool:
    """A cause is found: a summary, a cause marked as root, or a why answered."""
    return bool(
        analysis.summary.strip()
        or analysis.causes.filter(is_root=True).exists()
        or analysis.whys.exclude(because="").exists()
    )


def analysis_freeze(*, organization: Organization, analysis: RootCauseAnalysis) -> None:
    RootCauseAnalysis.objects.filter(organization=organization, pk=analysis.pk).update(frozen=True)
