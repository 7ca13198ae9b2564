"""Suppliers: create (with their interested party), change, and keep the re-evaluation
reminder in step. Approval status and the re-evaluation's reminder are not kept here: see
``suppliers.services.approval``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from parties.models import Party, PartyType
from parties.services import register as party_services
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.tenancy.services import ensure_owner
from suppliers.models import Supplier
from suppliers.models.register import Category
from suppliers.services import certificates
from suppliers.services import requests as request_services
from suppliers.services.approval import schedule_reevaluation_reminder

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

SUPPLIER_FIELDS = ("code", "categories", "criticality", "owner", "next_evaluation_due")


def clean_code(code: str | None) -> str:
    code = "".join(str(code or "").split()).upper()
    if not code:
        raise ValidationError({"code": "Give the supplier a code."})
    if len(code) > 32:
        raise ValidationError({"code": "Keep the code to 32 characters."})
    return code


def clean_categories(categories: str | Iterable[str] | None) -> list[str]:
    if isinstance(categories, str):
        categories = [categories]
    valid = set(Category.values)
    chosen = [value for value in dict.fromkeys(categories or []) if value]
    unknown = [str(value) for value in chosen if value not in valid]
    if unknown:
        raise ValidationError({"categories": f"Unknown category: {', '.join(unknown)}."})
    if not chosen:
        raise ValidationError({"categories": "Choose at least one category."})
    return sorted(chosen, key=Category.values.index)


def _ensure_unique_code(supplier: Supplier) -> None:
    same_code = Supplier.objects.filter(
        organization_id=supplier.organization_id, code__iexact=supplier.code
    ).exclude(pk=supplier.pk)
    if same_code.exists():
        raise ValidationError({"code": f"There is already a supplier with code {supplier.code}."})


def _prepare(organization: Organization, supplier: Supplier, data: dict) -> None:
    for field in SUPPLIER_FIELDS:
        if field in data:
            setattr(supplier, field, data[field])
    supplier.code = clean_code(supplier.code)
    supplier.categories = clean_categories(supplier.categories)
    ensure_owner(organization=organization, user=supplier.owner, field="owner")
    # The party is checked by _party_for (it may not exist yet).
    supplier.full_clean(exclude=["organization", "party"], validate_unique=False)
    _ensure_unique_code(supplier)


def _party_for(organization: Organization, actor: User | None, data: dict) -> Party:
    """The party the new supplier is: the one chosen, the one of the same name, or a new one.
    A party that is already a supplier is refused; a party gains the supplier type."""
    party = data.get("party")
    name = " ".join(str(data.get("name") or "").split())
    if party is None and not name:
        raise ValidationError({"name": "Give the supplier's name, or choose its party."})
    if party is not None:
        ensure_same_organization(organization=organization, record=party, field="party")
        party = Party.objects.select_for_update().get(pk=party.pk)
    else:
        party = Party.objects.select_for_update().filter(name__iexact=name).first()
    if party is None:
        return party_services.party_create(
            organization=organization,
            actor=actor,
            data={"name": name, "types": [PartyType.SUPPLIER], "owner": data.get("owner")},
        )
    existing = Supplier.objects.filter(party=party).first()
    if existing is not None:
        field = "party" if data.get("party") is not None else "name"
        raise ValidationError({field: f"{party.name} is already supplier {existing.code}."})
    if PartyType.SUPPLIER not in party.types:
        party = party_services.party_update(
            organization=organization,
            actor=actor,
            party=party,
            data={"types": [*party.types, PartyType.SUPPLIER]},
            reason="registered as a supplier",
        )
    return party


def supplier_create(*, organization: Organization, actor: User | None, data: dict) -> Supplier:
    """A new supplier (prospective), with its party: ``data`` names it (``name``) or
    chooses an existing party (``party``)."""
    with org_scope(organization), transaction.atomic():
        supplier = Supplier(organization=organization)
        # Check the supplier's own fields first, so a bad code creates no party.
        _prepare(organization, supplier, data)
        supplier.party = _party_for(organization, actor, data)
        with acting_as(actor):
            supplier.save()
        schedule_reevaluation_reminder(organization=organization, supplier=supplier)
    return supplier


def supplier_update(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    data: dict,
    reason: str = "",
) -> Supplier:
    """Change a supplier; a new ``name`` renames its party (the one place it is kept)."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    with org_scope(organization), transaction.atomic():
        supplier = Supplier.objects.select_for_update().select_related("party").get(pk=supplier.pk)
        owner_before = supplier.owner_id
        _prepare(organization, supplier, data)
        name = " ".join(str(data.get("name") or "").split())
        if name and name != supplier.party.name:
            supplier.party = party_services.party_update(
                organization=organization,
                actor=actor,
                party=supplier.party,
                data={"name": name},
                reason=reason or "supplier renamed",
            )
        with acting_as(actor), audit_reason(reason):
            supplier.save()
        schedule_reevaluation_reminder(organization=organization, supplier=supplier)
        if supplier.owner_id != owner_before:
            # Certificate warnings and overdue requests go to the new owner.
            certificates.reschedule_supplier(organization=organization, supplier=supplier)
            request_services.reschedule_supplier(organization=organization, supplier=supplier)
    return supplier
