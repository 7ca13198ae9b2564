"""Reads of suppliers' certificates that views, the API and the reminders share.

A certificate is *replaced* when a newer accepted certificate of the same supplier and type
ends later and starts by the day after it ends. A supplier is *flagged* when a certificate
type the organisation requires has no accepted certificate valid today ("missing" when there
is none of that type at all, "expired" otherwise). Both are computed in the database, so a
list shows them in one query whatever its length.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from relmgmt.core.dates import organization_today
from suppliers.models import Certificate
from suppliers.models.certificates import CertificateStatus, CertificateType
from suppliers.models.register import ApprovalStatus

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier

# Within this many days of its end a valid certificate shows as expiring.
EXPIRING_WITHIN_DAYS = 60
SETTING = "required_certificate_types"
CERTIFICATE_TYPES = tuple(CertificateType.values)


# What an approval of a supplier lacking a required valid certificate needs: an explicit
# override with a reason (the default), or it is refused.
APPROVAL_SETTING = "approval_without_certificate"
APPROVAL_OVERRIDE = "override"
APPROVAL_REFUSE = "refuse"
APPROVAL_CHOICES = [
    (APPROVAL_OVERRIDE, "Allowed with an explicit override and its reason (recorded)"),
    (APPROVAL_REFUSE, "Refused until the certificate is valid"),
]


def approval_without_certificate(organization: Organization) -> str:
    """``override`` or ``refuse``: how an approval lacking a required certificate is treated."""
    value = (organization.settings or {}).get(APPROVAL_SETTING)
    return APPROVAL_REFUSE if value == APPROVAL_REFUSE else APPROVAL_OVERRIDE


def supplier_certificate_gaps(
    *, organization: Organization, supplier: Supplier, today: date | None = None
) -> list[CertificateGap]:
    """The required certificate types ``supplier`` has no valid accepted certificate of today
    (whatever its status)."""
    flags = certificate_flags(organization=organization, supplier_ids=[supplier.pk], today=today)
    return certificate_gaps("", flags[supplier.pk])


def required_certificate_types(organization: Organization) -> list[str]:
    """The certificate types the organisation requires of its suppliers, in choice order."""
    chosen = set((organization.settings or {}).get(SETTING, []))
    return [value for value in CertificateType.values if value in chosen]


def certificates(*, organization: Organization) -> QuerySet[Certificate]:
    """The organisation's certificates with their supplier and whether each is replaced
    (``replaced``) by a newer one."""
    return (
        Certificate.objects.filter(organization=organization)
        .select_related("supplier__party", "uploaded_by")
        .annotate(replaced=Exists(_newer_same_type(organization)))
        .order_by("valid_to", "supplier__code", "type", "id")
    )


def _newer_same_type(organization: Organization) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        organization=organization,
        supplier_id=OuterRef("supplier_id"),
        type=OuterRef("type"),
        status=CertificateStatus.ACCEPTED,
        valid_to__gt=OuterRef("valid_to"),
    ).exclude(pk=OuterRef("pk"))


def certificate_is_replaced(certificate: Certificate) -> bool:
    """Has a newer accepted certificate of the same type taken over (no gap)?"""
    return (
        Certificate.objects.filter(
            organization_id=certificate.organization_id,
            supplier_id=certificate.supplier_id,
            type=certificate.type,
            status=CertificateStatus.ACCEPTED,
            valid_to__gt=certificate.valid_to,
            valid_from__lte=certificate.valid_to + timedelta(days=1),
        )
        .exclude(pk=certificate.pk)
        .exists()
    )


def validity(certificate: Certificate, today: date) -> str:
    """valid, expiring (within 60 days), expired, or not_yet_valid."""
    if certificate.valid_to < today:
        return "expired"
    if certificate.valid_from > today:
        return "not_yet_valid"
    if certificate.valid_to <= today + timedelta(days=EXPIRING_WITHIN_DAYS):
        return "expiring"
    return "valid"


VALIDITY_LABELS = {
    "valid": "Valid",
    "expiring": "Expiring",
    "expired": "Expired",
    "not_yet_valid": "Not yet valid",
}


def filter_expiry(
    queryset: QuerySet[Certificate], *, organization: Organization, value: str, today: date
) -> QuerySet[Certificate]:
    """Certificates that are the newest of their type and expired (``value`` "expired"),
    expire within ``value`` days ("30"), or either ("expired_or_30")."""
    # A supplier's upload counts only once accepted (until then it neither expires nor warns).
    queryset = queryset.filter(status=CertificateStatus.ACCEPTED).exclude(
        Exists(_newer_same_type(organization))
    )
    if value == "expired":
        return queryset.filter(valid_to__lt=today)
    if value.startswith("expired_or_"):
        days = int(value.removeprefix("expired_or_"))
        return queryset.filter(valid_to__lte=today + timedelta(days=days))
    return queryset.filter(valid_to__gte=today, valid_to__lte=today + timedelta(days=int(value)))


def suppliers_with_certificates_expiring(
    queryset: QuerySet[Supplier], *, organization: Organization, value: str, today: date
) -> QuerySet[Supplier]:
    """Suppliers (``queryset``) with a newest-of-its-type certificate that is expired
    (``value`` "expired") or expires within ``value`` days."""
    matching = filter_expiry(
        Certificate.objects.filter(organization=organization, status=CertificateStatus.ACCEPTED),
        organization=organization,
        value=value,
        today=today,
    ).filter(supplier_id=OuterRef("pk"))
    return queryset.filter(Exists(matching))


# --- The flag: a required certificate missing or expired ---------------------------------


@dataclass(frozen=True)
class CertificateGap:
    type: str
    problem: str  # missing or expired

    @property
    def label(self) -> str:
        name = CertificateType(self.type).label
        return f"{name} {self.problem}"


def certificate_flags(
    *, organization: Organization, supplier_ids: Collection[int], today: date | None = None
) -> dict[int, dict[str, Any]]:
    """For each supplier and each type the organisation requires, whether it has any
    accepted certificate of that type (``cert_any_<type>``) and one valid today
    (``cert_valid_<type>``); ``certificate_gaps`` reads them. One plain statement by id,
    grouped in the database, so a page of suppliers costs one quick query."""
    today = today or organization_today(organization)
    kinds = required_certificate_types(organization)
    if not kinds or not supplier_ids:
        return {supplier_id: {} for supplier_id in supplier_ids}
    day = connection.ops.adapt_datefield_value(today)
    ids = ", ".join(["%s"] * len(supplier_ids))
    types = ", ".join(["%s"] * len(kinds))
    sql = (
        "SELECT supplier_id, type, "
        "MAX(CASE WHEN valid_from <= %s AND valid_to >= %s THEN 1 ELSE 0 END) "
        f"FROM {Certificate._meta.db_table} WHERE organization_id = %s AND status = %s "
        f"AND supplier_id IN ({ids}) AND type IN ({types}) GROUP BY supplier_id, type"
    )
    params = [day, day, organization.pk, CertificateStatus.ACCEPTED, *supplier_ids, *kinds]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        held = {(supplier_id, kind): bool(valid) for supplier_id, kind, valid in cursor}
    return {
        supplier_id: {
            f"cert_{flag}_{kind}": value
            for kind in kinds
            for flag, value in (
                ("any", (supplier_id, kind) in held),
                ("valid", held.get((supplier_id, kind), False)),
            )
        }
        for supplier_id in supplier_ids
    }


def flags_of(
    certificates: Collection[Certificate], organization: Organization, today: date | None = None
) -> dict[str, bool]:
    """``certificate_flags`` of one supplier from all its certificates, already read (its
    page lists them): no query."""
    today = today or organization_today(organization)
    flags = {}
    for kind in required_certificate_types(organization):
        held = [
            c for c in certificates if c.type == kind and c.status == CertificateStatus.ACCEPTED
        ]
        flags[f"cert_any_{kind}"] = bool(held)
        flags[f"cert_valid_{kind}"] = any(c.valid_from <= today <= c.valid_to for c in held)
    return flags


def certificate_gaps(status: str, flags: dict) -> list[CertificateGap]:
    """What a supplier's ``certificate_flags`` say, given its approval status: disqualified
    suppliers are not flagged."""
    if status == ApprovalStatus.DISQUALIFIED:
        return []
    gaps = []
    for kind in CERTIFICATE_TYPES:
        valid = flags.get(f"cert_valid_{kind}")
        if valid is None or valid:
            continue
        problem = "expired" if flags.get(f"cert_any_{kind}") else "missing"
        gaps.append(CertificateGap(kind, problem))
    return gaps


def _valid_today(organization: Organization, kind: str, today: date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        organization=organization,
        supplier_id=OuterRef("pk"),
        type=kind,
        status=CertificateStatus.ACCEPTED,
        valid_from__lte=today,
        valid_to__gte=today,
    )


def flagged_suppliers(
    queryset: QuerySet[Supplier], *, organization: Organization, today: date | None = None
) -> QuerySet[Supplier]:
    """Suppliers (``queryset``) lacking a valid certificate of a required type: those
    that ``certificate_flags`` and ``certificate_gaps`` flag, as a filter."""
    today = today or organization_today(organization)
    required = required_certificate_types(organization)
    if not required:
        return queryset.none()
    lacking = Q()
    for kind in required:
        lacking |= ~Exists(_valid_today(organization, kind, today))
    return queryset.exclude(status=ApprovalStatus.DISQUALIFIED).filter(lacking)


def with_validity(
    certificates: Collection[Certificate], organization: Organization
) -> Collection[Certificate]:
    """Each certificate with its validity (valid, expiring, expired, not yet valid)."""
    today = organization_today(organization)
    for certificate in certificates:
        certificate.validity = validity(certificate, today)
        certificate.validity_label = VALIDITY_LABELS[certificate.validity]
    return certificates


# --- Uploads through the portal: the buyer's queue, and the supplier's own list ---------


def pending_certificates(*, organization: Organization) -> QuerySet[Certificate]:
    return Certificate.objects.filter(
        organization=organization, status=CertificateStatus.PENDING
    ).select_related("supplier__party", "uploaded_by")


def portal_certificates(*, organization: Organization, supplier: Supplier) -> QuerySet[Certificate]:
    """The supplier's certificates, each with ``replaced`` (a newer accepted one of its type
    ends later)."""
    return (
        Certificate.objects.filter(organization=organization, supplier=supplier)
        .select_related("supplier")
        .annotate(replaced=Exists(_newer_same_type(organization)))
        .order_by("type", "-valid_to", "-id")
    )
