"""Reads of the requests the buyer addresses to suppliers: the organisation's list (with
``overdue``) and a supplier's own in the portal."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Q, QuerySet, Value, When

from relmgmt.core.dates import organization_today
from suppliers.models import SupplierRequest
from suppliers.models.requests import AWAITING_SUPPLIER

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier


def with_overdue(
    queryset: QuerySet[SupplierRequest], *, today: date | None
) -> QuerySet[SupplierRequest]:
    return queryset.annotate(
        overdue=Case(
            When(Q(status__in=AWAITING_SUPPLIER, due_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def supplier_requests(*, organization: Organization) -> QuerySet[SupplierRequest]:
    """The organisation's requests to suppliers, with ``overdue`` (still owed and past due)."""
    return with_overdue(
        SupplierRequest.objects.filter(organization=organization).select_related(
            "supplier__party", "raised_by", "closed_by", "responded_by"
        ),
        today=organization_today(organization),
    )


def portal_requests(*, organization: Organization, supplier: Supplier) -> QuerySet[SupplierRequest]:
    return with_overdue(
        SupplierRequest.objects.filter(organization=organization, supplier=supplier),
        today=organization_today(organization),
    ).order_by("status", "due_date", "id")
