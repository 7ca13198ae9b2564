"""The supplier register and the certificate list as they stood at the end of a past day,
rebuilt from the audit trail, with each supplier's approval status from the transition log
(which holds imported history at the day it happened), as the approved supplier list is.
A constant number of queries whatever the size of the register."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower

from parties.models import Party
from relmgmt.audit import selectors as audit_selectors
from relmgmt.core.dates import end_of_day
from suppliers.models import Certificate, Supplier
from suppliers.models.certificates import CertificateStatus
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import register as register_selectors
from suppliers.selectors.approval import _date, _text, _with_status_then
from suppliers.selectors.certificates import VALIDITY_LABELS, certificate_flags, validity
from suppliers.selectors.scorecards import NO_STANDING

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def supplier_register_as_of(*, organization: Organization, day: date) -> list[dict]:
    """The suppliers that existed at the end of ``day``, by name, as rows of the supplier
    list (``SUPPLIER_LIST_COLUMNS`` and ``pk``) with their values then: the party's name
    then, the status of the transition log, and the certificate flags of that day. Owners
    are named as they are now; a standing (a derived figure) is not given."""
    when = end_of_day(organization, day)
    states = {
        int(object_id): state
        for object_id, state in audit_selectors.records_as_of(
            organization=organization, model=Supplier, when=when
        ).items()
    }
    states = _with_status_then(organization, states, when)
    names = _party_names(organization, when, {state.get("party_id") for state in states.values()})
    owner_ids = {state.get("owner_id") for state in states.values()} - {None}
    owners = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in={_int(i) for i in owner_ids} - {0})
    }
    flags = certificate_flags(organization=organization, supplier_ids=list(states), today=day)
    rows = []
    for pk, state in states.items():
        owner = owners.get(_int(state.get("owner_id")))
        categories = state.get("categories")
        rows.append(
            {
                "pk": pk,
                "code": _text(state.get("code")),
                "party__name": names.get(_int(state.get("party_id")), ""),
                "categories": categories if isinstance(categories, list) else [],
                "criticality": _text(state.get("criticality")),
                "status": _text(state.get("status")),
                "owner__full_name": owner.full_name if owner else "",
                "owner__email": owner.email if owner else "",
                "next_evaluation_due": _date(state.get("next_evaluation_due")),
                **flags[pk],
                **NO_STANDING,
            }
        )
    return sorted(rows, key=lambda row: (row["party__name"].lower(), row["code"], row["pk"]))


def supplier_register_on(*, organization: Organization, day: date | None) -> list[dict]:
    """The rows of ``supplier_register_as_of`` for a past ``day``; for None (today) the live
    supplier list's rows in the same shape and order, with what its page adds (standing,
    only approved source). A constant number of queries."""
    if day is not None:
        return supplier_register_as_of(organization=organization, day=day)
    rows = list(
        register_selectors.supplier_list(organization=organization)
        .order_by(Lower("party__name"), "code", "pk")
        .values("pk", *register_selectors.SUPPLIER_LIST_COLUMNS)
    )
    register_selectors.supplier_list_marks(organization=organization, rows=rows)
    return rows


def certificate_list_on(*, organization: Organization, day: date | None) -> list[Any]:
    """The certificates of ``certificate_list_as_of`` for a past ``day``; for None (today) the
    live certificate list in the same shape and order, with their validity today."""
    if day is not None:
        return certificate_list_as_of(organization=organization, day=day)
    certificates = list(certificate_selectors.certificates(organization=organization))
    return list(certificate_selectors.with_validity(certificates, organization))


def certificate_list_as_of(*, organization: Organization, day: date) -> list[Any]:
    """The certificates that existed at the end of ``day``, soonest to expire first, as
    unsaved instances with their values then, their ``supplier`` (code and party's name
    then), whether a newer accepted one of its type had ``replaced`` it, and their
    validity on that day."""
    when = end_of_day(organization, day)
    certificates: list[Any] = audit_selectors.instances_as_of(
        organization=organization, model=Certificate, when=when
    )
    supplier_states = audit_selectors.records_as_of(
        organization=organization, model=Supplier, when=when
    )
    supplier_ids = {certificate.supplier_id for certificate in certificates}
    # Codes and parties now, for a supplier the trail does not describe at that time.
    now = {
        pk: (code, party_id)
        for pk, code, party_id in Supplier.objects.filter(
            organization=organization, pk__in=supplier_ids
        ).values_list("pk", "code", "party_id")
    }
    described: dict[int, tuple[str, int]] = {}
    for supplier_id in supplier_ids:
        state = supplier_states.get(str(supplier_id)) or {}
        code_now, party_now = now.get(supplier_id, ("", None))
        described[supplier_id] = (
            _text(state.get("code")) or code_now,
            _int(state.get("party_id")) or party_now or 0,
        )
    names = _party_names(organization, when, {party_id for _, party_id in described.values()})
    suppliers: dict[int, Supplier] = {}
    for supplier_id, (code, party_id) in described.items():
        supplier = Supplier(pk=supplier_id, code=code)
        supplier.party = Party(pk=party_id, name=names.get(party_id, ""))
        suppliers[supplier_id] = supplier
    accepted: dict[tuple[int, str], list[date]] = {}
    for certificate in certificates:
        if certificate.status == CertificateStatus.ACCEPTED:
            accepted.setdefault((certificate.supplier_id, certificate.type), []).append(
                certificate.valid_to
            )
    for certificate in certificates:
        certificate.supplier = suppliers[certificate.supplier_id]
        certificate.replaced = any(
            valid_to > certificate.valid_to
            for valid_to in accepted.get((certificate.supplier_id, certificate.type), [])
        )
        certificate.validity = validity(certificate, day)
        certificate.validity_label = VALIDITY_LABELS[certificate.validity]
    return sorted(
        certificates,
        key=lambda c: (c.valid_to, c.supplier.code, c.type, c.pk),
    )


def _party_names(
    organization: Organization, when: datetime, party_ids: Iterable[Any]
) -> dict[int, str]:
    """Each party's name at ``when`` (from the trail), or its name now if the trail has
    none then (a supplier described from its imported history)."""
    wanted = {_int(party_id) for party_id in party_ids} - {0}
    then = audit_selectors.records_as_of(organization=organization, model=Party, when=when)
    names: dict[int, str] = {
        _int(object_id): _text(state.get("name"))
        for object_id, state in then.items()
        if _int(object_id) in wanted
    }
    missing = wanted - set(names)
    if missing:
        names.update(
            Party.objects.filter(organization=organization, pk__in=missing).values_list(
                "pk", "name"
            )
        )
    return names


def _int(value: Any) -> int:
    """An id of the trail as a number; 0 (no record's id) when there is none."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
