"""Reads of the requests the buyer addresses to suppliers: the organisation's list (with
``overdue``) and a supplier's own in the portal."""

from django.db.models import BooleanField, Case, Q, Value, When

from relmgmt.core.dates import organization_today
from suppliers.models import SupplierRequest
from suppliers.models.requests import AWAITING_SUPPLIER


def with_overdue(queryset, *, today):
    return queryset.annotate(
        overdue=Case(
            When(Q(status__in=AWAITING_SUPPLIER, due_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def supplier_requests(*, organization):
    """The organisation's requests to suppliers, with ``overdue`` (still owed and past due)."""
    return with_overdue(
        SupplierRequest.objects.filter(organization=organization).select_related(
            "supplier__party", "raised_by", "closed_by", "responded_by"
        ),
        today=organization_today(organization),
    )


def portal_requests(*, organization, supplier):
    return with_overdue(
        SupplierRequest.objects.filter(organization=organization, supplier=supplier),
        today=organization_today(organization),
    ).order_by("status", "due_date", "id")
