"""Reads of suppliers' 8Ds: the buyer's list (with the step under way and whether it is
overdue) and one with its steps, evidence and history; the portal's, confined to the
member's own supplier and without the buyer's internal notes; the D4 analysis; and the
facts the scorecard's responsiveness counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from corrective_actions.models import (
    FishboneCause,
    ScarAttachment,
    ScarEvent,
    ScarStep,
    SupplierCorrectiveAction,
    WhyStep,
)
from corrective_actions.models.root_cause import FishboneCategory
from corrective_actions.models.scars import AWAITING_SUPPLIER, ScarState
from relmgmt.core.dates import organization_today
from relmgmt.core.remembered import remembered, this_day

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier


def overdue_q(today: date) -> Q:
    """Open 8Ds with a step the supplier owes past its due date."""
    late = ScarStep.objects.filter(
        organization_id=OuterRef("organization_id"),
        scar_id=OuterRef("pk"),
        status__in=AWAITING_SUPPLIER,
        due_date__lt=today,
    )
    return Q(state=ScarState.OPEN) & Q(Exists(late))


def scars(*, organization: Organization) -> QuerySet[SupplierCorrectiveAction]:
    """The buyer's list: each row with its supplier, owner and whether it is overdue."""
    today = organization_today(organization)
    return (
        SupplierCorrectiveAction.objects.filter(organization=organization)
        .select_related("supplier__party", "owner")
        .annotate(overdue=overdue_q(today))
        .order_by("-issued_at", "-id")
    )


def scar_detail(*, organization: Organization) -> QuerySet[SupplierCorrectiveAction]:
    return SupplierCorrectiveAction.objects.filter(organization=organization).select_related(
        "supplier__party",
        "owner",
        "nonconformity",
        "delivery",
        "issued_by",
        "analysis",
        "effectiveness_checked_by",
        "closure_signature",
    )


def steps(*, organization: Organization, scar: SupplierCorrectiveAction) -> list[ScarStep]:
    """The eight steps, each with its evidence, in one query each."""
    today = organization_today(organization)
    found = list(
        ScarStep.objects.filter(organization=organization, scar=scar)
        .select_related("answered_by", "reviewed_by")
        .prefetch_related(
            Prefetch(
                "attachments", queryset=ScarAttachment.objects.filter(organization=organization)
            )
        )
    )
    for step in found:
        step.overdue = step.status in AWAITING_SUPPLIER and step.due_date < today  # type: ignore[attr-defined]
    return found


def history(
    *, organization: Organization, scar: SupplierCorrectiveAction, portal: bool = False
) -> QuerySet[ScarEvent]:
    """The SCAR's history; the portal's leaves out the buyer's internal notes."""
    found = ScarEvent.objects.filter(organization=organization, scar=scar).select_related("actor")
    return found.filter(internal=False) if portal else found


@dataclass
class Analysis:
    whys: list[WhyStep]
    fishbone: list[tuple[str, str, list[FishboneCause]]]


def analysis(*, organization: Organization, scar: SupplierCorrectiveAction) -> Analysis:
    whys = list(WhyStep.objects.filter(organization=organization, analysis_id=scar.analysis_id))
    causes = list(
        FishboneCause.objects.filter(
            organization=organization, analysis_id=scar.analysis_id
        ).order_by("id")
    )
    return Analysis(
        whys=whys,
        fishbone=[
            (key, label, [cause for cause in causes if cause.category == key])
            for key, label in FishboneCategory.choices
        ],
    )


def portal_scars(
    *, organization: Organization, supplier: Supplier | None
) -> QuerySet[SupplierCorrectiveAction]:
    """The 8Ds addressed to the member's own supplier (none without one): another
    supplier's ids are not found."""
    if supplier is None:
        return SupplierCorrectiveAction.objects.none()
    today = organization_today(organization)
    return (
        SupplierCorrectiveAction.objects.filter(organization=organization, supplier=supplier)
        .select_related("analysis")
        .annotate(overdue=overdue_q(today))
        .order_by("-issued_at", "-id")
    )


def portal_attachments(
    *, organization: Organization, supplier: Supplier | None
) -> QuerySet[ScarAttachment]:
    if supplier is None:
        return ScarAttachment.objects.none()
    return ScarAttachment.objects.filter(organization=organization, scar__supplier=supplier)


def of_nonconformity(*, organization: Organization, nonconformity_id: int) -> list:
    return list(
        SupplierCorrectiveAction.objects.filter(
            organization=organization, nonconformity_id=nonconformity_id
        ).order_by("id")
    )


def of_delivery(*, organization: Organization, delivery_id: int) -> list:
    return list(
        SupplierCorrectiveAction.objects.filter(
            organization=organization, delivery_id=delivery_id
        ).order_by("id")
    )


def not_ended_of_supplier(*, organization: Organization, supplier_id: int) -> list:
    """A supplier's 8Ds not yet ended (answered step by step, or awaiting their
    effectiveness check or closure), newest first, for the links on its page: the columns
    those show, and whether one is overdue (as of the organisation's day). Remembered while
    the organisation's records stay as they are, for the day."""
    today = organization_today(organization)
    return remembered(
        f"scars-not-ended:{supplier_id}",
        organization,
        lambda: list(
            SupplierCorrectiveAction.objects.filter(
                organization=organization,
                supplier_id=supplier_id,
                state__in=(ScarState.OPEN, ScarState.EFFECTIVENESS_CHECK, ScarState.EFFECTIVE),
            )
            .annotate(overdue=overdue_q(today))
            .order_by("-issued_at", "-id")
            .values("pk", "reference", "state", "current_step", "overdue")
        ),
        moment=this_day(organization),
    )


def response_facts_sql(connection: Any, organization_id: int) -> tuple[str, list]:
    """For the scorecard's responsiveness: each step of an 8D that has been opened to the
    supplier (its due date, its first answer); the unanswered steps of a cancelled 8D owe
    nothing."""
    step = ScarStep._meta.db_table
    scar = SupplierCorrectiveAction._meta.db_table
    sql = (
        f"SELECT s.supplier_id AS supplier_id, t.due_date AS due_date, "
        f"t.first_answered_at AS responded_at FROM {step} t JOIN {scar} s "
        "ON s.id = t.scar_id AND s.organization_id = t.organization_id "
        "WHERE t.organization_id = %s AND t.status <> 'waiting' "
        "AND (s.state <> 'cancelled' OR t.first_answered_at IS NOT NULL)"
    )
    return sql, [organization_id]


def replaced_requests_sql(connection: Any, organization_id: int) -> tuple[str, list]:
    """The supplier requests moved into 8Ds: their answers count through the 8D's steps."""
    scar = SupplierCorrectiveAction._meta.db_table
    sql = (
        f"SELECT moved_from_request_id FROM {scar} "
        "WHERE organization_id = %s AND moved_from_request_id IS NOT NULL"
    )
    return sql, [organization_id]
