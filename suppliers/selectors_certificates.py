"""Reads of suppliers' certificates that views, the API and the reminders share.

A certificate is *replaced* when a newer accepted certificate of the same supplier and type
ends later and starts by the day after it ends. A supplier is *flagged* when a certificate
type the organisation requires has no accepted certificate valid today ("missing" when there
is none of that type at all, "expired" otherwise). Both are computed in the database, so a
list shows them in one query whatever its length.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q

from parties.services.register import organization_today
from suppliers.models import (
    ApprovalStatus,
    Certificate,
    CertificateStatus,
    CertificateType,
    Supplier,
)

# Within this many days of its end a valid certificate shows as expiring.
EXPIRING_WITHIN_DAYS = 60
SETTING = "required_certificate_types"


def required_certificate_types(organization) -> list[str]:
    """The certificate types the organisation requires of its suppliers, in choice order."""
    chosen = set((organization.settings or {}).get(SETTING, []))
    return [value for value in CertificateType.values if value in chosen]


def certificates(*, organization):
    """The organisation's certificates with their supplier and whether each is replaced
    (``replaced``) by a newer one."""
    return (
        Certificate.objects.filter(organization=organization)
        .select_related("supplier__party", "uploaded_by")
        .annotate(replaced=Exists(_newer_same_type(organization)))
        .order_by("valid_to", "supplier__code", "type", "id")
    )


def _newer_same_type(organization):
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


def filter_expiry(queryset, *, organization, value: str, today: date):
    """Certificates that are the newest of their type and expired (``value`` "expired") or
    expire within ``value`` days."""
    # A supplier's upload counts only once accepted (until then it neither expires nor warns).
    queryset = queryset.filter(status=CertificateStatus.ACCEPTED).exclude(
        Exists(_newer_same_type(organization))
    )
    if value == "expired":
        return queryset.filter(valid_to__lt=today)
    return queryset.filter(valid_to__gte=today, valid_to__lte=today + timedelta(days=int(value)))


def suppliers_with_certificates_expiring(queryset, *, organization, value: str, today: date):
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


def _any(organization, kind):
    return Certificate.objects.filter(
        organization=organization,
        supplier_id=OuterRef("pk"),
        type=kind,
        status=CertificateStatus.ACCEPTED,
    )


def with_certificate_flags(queryset, *, organization, today: date | None = None):
    """Annotate suppliers with, for each required type, whether they have any accepted
    certificate of it and one valid today; ``certificate_gaps(supplier)`` reads them."""
    today = today or organization_today(organization)
    annotations = {}
    for kind in required_certificate_types(organization):
        annotations[f"cert_any_{kind}"] = Exists(_any(organization, kind))
        annotations[f"cert_valid_{kind}"] = Exists(
            _any(organization, kind).filter(valid_from__lte=today, valid_to__gte=today)
        )
    return queryset.annotate(**annotations)


def certificate_flag_columns(organization) -> list[str]:
    """The names ``with_certificate_flags`` annotates, for a list that reads its rows as
    values (see ``certificate_gaps_of_row``)."""
    kinds = required_certificate_types(organization)
    return [f"cert_{flag}_{kind}" for kind in kinds for flag in ("any", "valid")]


def certificate_gaps(supplier: Supplier) -> list[CertificateGap]:
    """What the flag says about a supplier annotated by ``with_certificate_flags``:
    disqualified suppliers are not flagged."""
    return _gaps(supplier.status, lambda name: getattr(supplier, name, None))


def certificate_gaps_of_row(row: dict) -> list[CertificateGap]:
    """The same for a row read as values, with ``status`` and ``certificate_flag_columns``."""
    return _gaps(row["status"], row.get)


def _gaps(status: str, flag) -> list[CertificateGap]:
    if status == ApprovalStatus.DISQUALIFIED:
        return []
    gaps = []
    for kind in CertificateType.values:
        valid = flag(f"cert_valid_{kind}")
        if valid is None or valid:
            continue
        problem = "expired" if flag(f"cert_any_{kind}") else "missing"
        gaps.append(CertificateGap(kind, problem))
    return gaps


def flagged_suppliers(queryset, *, organization, today: date | None = None):
    """Suppliers (``queryset``) lacking a valid certificate of a required type."""
    today = today or organization_today(organization)
    required = required_certificate_types(organization)
    if not required:
        return queryset.none()
    lacking = Q()
    for kind in required:
        lacking |= ~Exists(
            _any(organization, kind).filter(valid_from__lte=today, valid_to__gte=today)
        )
    return queryset.exclude(status=ApprovalStatus.DISQUALIFIED).filter(lacking)
