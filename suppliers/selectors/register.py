"""Reads of the supplier register that views and the API share. Each is given the
organisation and returns what its page shows already joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from parties.models import Party
from suppliers.models import Supplier, SupplierTransition
from suppliers.models.register import ASL_STATUSES
from suppliers.selectors.certificates import certificate_flags
from suppliers.selectors.scorecards import NO_STANDING, latest_standings

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def suppliers(*, organization: Organization) -> QuerySet[Supplier]:
    return Supplier.objects.filter(organization=organization).select_related("party", "owner")


# The supplier list's columns: its rows are dictionaries of these and of the marks below
# (see suppliers.templatetags.supplier_tags), so it builds no model instances.
SUPPLIER_LIST_COLUMNS = (
    *("code", "party__name", "categories", "criticality", "status"),
    *("owner__full_name", "owner__email", "next_evaluation_due"),
)


def supplier_list(*, organization: Organization) -> QuerySet[Supplier]:
    """Suppliers to list, filter and count: the page reads its rows' SUPPLIER_LIST_COLUMNS."""
    return Supplier.objects.filter(organization=organization)


def supplier_list_marks(*, organization: Organization, rows: list[dict]) -> None:
    """Adds to a page of the supplier list's rows (dictionaries with ``pk``) their
    certificate flags, the standing of their latest scored period and the categories of
    which each is the only approved source (``single_source``): three plain queries,
    whatever the page's size."""
    ids = [row["pk"] for row in rows]
    flags = certificate_flags(organization=organization, supplier_ids=ids)
    standings = latest_standings(organization=organization, supplier_ids=ids)
    sources = approved_sources_by_category(organization=organization)
    for row in rows:
        row.update(flags[row["pk"]])
        row.update(standings.get(row["pk"], NO_STANDING))
        on_asl = row["status"] in ASL_STATUSES
        row["single_source"] = [
            category for category in row["categories"] if on_asl and sources.get(category) == 1
        ]


def approved_sources_by_category(*, organization: Organization) -> dict[str, int]:
    """How many approved suppliers supply each category: one query over the approved
    suppliers' categories."""
    counts: dict[str, int] = {}
    approved = Supplier.objects.filter(organization=organization, status__in=ASL_STATUSES)
    for categories in approved.values_list("categories", flat=True):
        for category in set(categories or []):
            counts[category] = counts.get(category, 0) + 1
    return counts


def supplier_detail(*, organization: Organization, pk: int) -> Supplier:
    return suppliers(organization=organization).get(pk=pk)


def suppliers_with_transitions(*, organization: Organization) -> QuerySet[Supplier]:
    """Suppliers with their transitions, newest first (the API's view of a supplier)."""
    return suppliers(organization=organization).prefetch_related(
        Prefetch(
            "transitions",
            queryset=SupplierTransition.objects.filter(organization=organization)
            .select_related("actor", "signature")
            .order_by("-occurred_at", "-id"),
        )
    )


def parties_without_supplier(*, organization: Organization) -> QuerySet[Party]:
    """Parties that may become a supplier: those that are not one yet."""
    taken = Supplier.objects.filter(organization=organization).values("party_id")
    return Party.objects.filter(organization=organization).exclude(pk__in=taken).order_by("name")
