"""Reads of nonconformities: the list, one with its timeline and evidence, those of a
delivery (for the delivery's page), and the home tile's counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from corrective_actions.models import Nonconformity, NonconformityEvent
from corrective_actions.models.nonconformities import NC_OPEN_STATES

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def nonconformities(*, organization: Organization) -> QuerySet[Nonconformity]:
    return (
        Nonconformity.objects.filter(organization=organization)
        .select_related("party", "supplier__party", "owner")
        .order_by("-opened_at", "-id")
    )


def nonconformity_detail(*, organization: Organization) -> QuerySet[Nonconformity]:
    return Nonconformity.objects.filter(organization=organization).select_related(
        "party",
        "supplier__party",
        "delivery",
        "complaint",
        "owner",
        "disposition_proposed_by",
        "disposition_approved_by",
        "disposition_signature",
    )


def timeline(
    *, organization: Organization, nonconformity: Nonconformity
) -> QuerySet[NonconformityEvent]:
    return NonconformityEvent.objects.filter(
        organization=organization, nonconformity=nonconformity
    ).select_related("actor")


def of_delivery(*, organization: Organization, delivery_id: int) -> list[Nonconformity]:
    return list(
        Nonconformity.objects.filter(organization=organization, delivery_id=delivery_id).order_by(
            "id"
        )
    )


def of_complaint(*, organization: Organization, complaint_id: int) -> list[Nonconformity]:
    return list(
        Nonconformity.objects.filter(organization=organization, complaint_id=complaint_id).order_by(
            "id"
        )
    )


def open_count(*, organization: Organization) -> int:
    return Nonconformity.objects.filter(
        organization=organization, state__in=NC_OPEN_STATES
    ).aggregate(n=Count("id"))["n"]
