"""Packs built in the background, read for their pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import QuerySet

from qms.models import PackJob

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

RECENT = 10


def pack_jobs(*, organization: Organization) -> QuerySet[PackJob]:
    return PackJob.objects.filter(organization=organization).select_related(
        "requested_by", "review"
    )


def recent_evidence_packs(*, organization: Organization) -> list[PackJob]:
    """The last packs asked for, newest first (the evidence page lists them)."""
    return list(pack_jobs(organization=organization).filter(kind=PackJob.Kind.EVIDENCE)[:RECENT])


def review_pack_in_background(*, organization: Organization) -> bool:
    """Whether a management review's pack is built by the worker rather than while the page
    waits: for an organisation with at least ``QMS_REVIEW_PACK_BACKGROUND_SUPPLIERS``
    suppliers (its inputs then read hundreds of thousands of deliveries)."""
    from suppliers.models import Supplier

    threshold = getattr(settings, "QMS_REVIEW_PACK_BACKGROUND_SUPPLIERS", 1000)
    return Supplier.objects.filter(organization=organization)[threshold - 1 : threshold].exists()
