"""Reads of agreements with suppliers that the pages and the API share, each given the
organisation and already joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from suppliers.models import (
    Agreement,
    Dispute,
    ServiceLevel,
)
from suppliers.models.agreements import DisputeStatus

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def agreements(*, organization: Organization) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(organization=organization)
        .select_related("supplier__party", "supplier__owner")
        .annotate(
            open_disputes=Count(
                "disputes",
                filter=Q(
                    disputes__status__in=[DisputeStatus.OPEN, DisputeStatus.ESCALATED],
                    disputes__organization=organization,
                ),
            )
        )
        .order_by("ends_on", "id")
    )


def agreements_full(*, organization: Organization) -> QuerySet[Agreement]:
    return agreements(organization=organization).prefetch_related(
        Prefetch("service_levels", queryset=ServiceLevel.objects.filter(organization=organization)),
        Prefetch("disputes", queryset=Dispute.objects.filter(organization=organization)),
    )
