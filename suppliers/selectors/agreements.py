"""Reads of agreements with suppliers that the pages and the API share, each given the
organisation and already joined."""

from django.db.models import Count, Prefetch, Q

from suppliers.models import (
    Agreement,
    Dispute,
    ServiceLevel,
)
from suppliers.models.agreements import DisputeStatus


def agreements(*, organization):
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


def agreements_full(*, organization):
    return agreements(organization=organization).prefetch_related(
        Prefetch("service_levels", queryset=ServiceLevel.objects.filter(organization=organization)),
        Prefetch("disputes", queryset=Dispute.objects.filter(organization=organization)),
    )
