"""Reads of the supplier register that views and the API share. Each is given the
organisation and returns what its page shows already joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from parties.models import Party
from suppliers.models import Supplier, SupplierTransition
from suppliers.models.register import ASL_STATUSES
from suppliers.selectors.certificates import certificate_flags
from suppliers.selectors.continuity import sole_sources_among
from suppliers.selectors.scorecards import NO_STANDING, latest_standings

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def suppliers(*, organization: Organization) -> QuerySet[Supplier]:
    return Supplier.objects.filter(organization=organization).select_related("party", "owner")


def party_and_supplier_choices(
    *, organization: Organization
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The organisation's parties (by name) and suppliers (by code), each named as its
    record names itself, to choose from in one form: one query, the parties with their
    supplier records."""
    rows = (
        Party.objects.filter(organization=organization)
        .order_by("name", "pk")
        .values_list("pk", "name", "supplier_records__pk", "supplier_records__code")
    )
    parties: dict[int, str] = {}
    found: list[tuple[str, int, str]] = []
    for party_id, name, supplier_id, code in rows:
        parties[party_id] = name
        if supplier_id is not None:
            found.append((code, supplier_id, f"{name} ({code})"))
    return list(parties.items()), [(pk, label) for _code, pk, label in sorted(found)]


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
    certificate flags, the standing of their latest scored period and the categories that
    are single-source with it (``single_source``, in the order of its categories) with why
    (``single_source_reasons``: category to "one approved source" or "85% of 2025 spend
    with S-001"): four plain queries, whatever the page's size or the register's, two of
    them remembered while the organisation's records stay as they are. The rows are as they
    are now: their status, code and categories decide their marks."""
    ids = [row["pk"] for row in rows]
    flags = certificate_flags(organization=organization, supplier_ids=ids)
    standings = latest_standings(organization=organization, supplier_ids=ids)
    sole = sole_sources_among(organization=organization, suppliers=rows)
    for row in rows:
        row.update(flags[row["pk"]])
        row.update(standings.get(row["pk"], NO_STANDING))
        reasons = sole.get(row["pk"], {}) if row["status"] in ASL_STATUSES else {}
        row["single_source"] = [category for category in row["categories"] if category in reasons]
        row["single_source_reasons"] = {
            category: reasons[category] for category in row["single_source"]
        }


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
