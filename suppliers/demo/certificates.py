"""Demo certificates: ISO 9001 for most suppliers with an approval, ISO 14001 and insurance
for some; a few expire within 60 days and a few have expired, so the flags, filters and
warnings have something to show. Some suppliers renewed their ISO 9001: the certificate it
replaced is brought in by the history import (with its issue and expiry dates, no file).
ISO 9001 is required of suppliers unless the organisation chose otherwise. Suppliers that
already have a certificate are left as they are."""

from datetime import timedelta

from django.core.files.base import ContentFile
from fpdf import FPDF

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services
from relmgmt.tenancy.models import Membership
from suppliers.demo.history import fact, import_history
from suppliers.models import Certificate, Supplier
from suppliers.models.certificates import CertificateStatus, CertificateType
from suppliers.selectors.certificates import SETTING
from suppliers.services import certificates as services

# code -> [(type, issuer, days from today to the end of validity)]
DEMO_CERTIFICATES = {
    "SUP-001": [("iso_9001", "TÜV Rheinland", 400), ("iso_14001", "TÜV Rheinland", 45)],
    "SUP-002": [("iso_9001", "BSI", 25)],
    "SUP-003": [("iso_9001", "DNV", 700), ("insurance", "Allianz", 200)],
    "SUP-004": [("iso_9001", "Bureau Veritas", -20)],
    "SUP-005": [("iso_9001", "Lloyd's Register", 5), ("insurance", "Zurich", 300)],
    "SUP-006": [("iso_9001", "UKAS-accredited body", 500)],
    "SUP-008": [("iso_9001", "SGS", -90)],
    "SUP-009": [("iso_9001", "BSI", 55), ("nda", "Lucerne Tooling", 900)],
    "SUP-011": [("iso_9001", "DEKRA", 800), ("iatf_16949", "DEKRA", 240)],
    "SUP-012": [("iso_9001", "Intertek", 330)],
    "SUP-014": [("iso_9001", "TÜV SÜD", 28)],
    "SUP-017": [("iso_9001", "TÜV Nord", 610)],
    "SUP-019": [("iso_9001", "DNV", -3)],
    "SUP-021": [("iso_9001", "BSI", 150), ("iatf_16949", "BSI", 12)],
    "SUP-025": [("iso_9001", "UKAS-accredited body", 420)],
    "SUP-028": [("iso_9001", "Lloyd's Register", 1000)],
}


# Suppliers whose ISO 9001 was renewed: the previous three-year certificate ended the day
# before the current one started.
RENEWED = ("SUP-001", "SUP-003", "SUP-006", "SUP-011", "SUP-017")


def certificate_pdf(title: str, lines: list[str] = ()) -> bytes:
    """A small, valid one-page PDF: enough to stand for a scanned certificate."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 18)
    pdf.cell(0, 12, title.encode("latin-1", "replace").decode("latin-1"))
    pdf.ln(14)
    pdf.set_font("helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line.encode("latin-1", "replace").decode("latin-1"))
        pdf.ln(8)
    return bytes(pdf.output())


@register
def seed(organization):
    if SETTING not in (organization.settings or {}):
        tenancy_services.organization_update(
            organization=organization,
            actor=None,
            name=organization.name,
            timezone_name=organization.timezone,
            require_mfa=organization.require_mfa,
            required_certificate_types=[CertificateType.ISO_9001],
        )
    actor = (
        Membership.objects.filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
    )
    today = organization_today(organization)
    # Accepted ones only: a supplier's own upload (the portal's demo) waits for acceptance.
    with_certificates = set(
        Certificate.objects.filter(status=CertificateStatus.ACCEPTED).values_list(
            "supplier_id", flat=True
        )
    )
    suppliers = Supplier.objects.filter(code__in=DEMO_CERTIFICATES).select_related("party")
    renewals = []
    for supplier in suppliers:
        if supplier.pk in with_certificates:
            continue
        for number, (kind, issuer, days) in enumerate(DEMO_CERTIFICATES[supplier.code], 1):
            valid_to = today + timedelta(days=days)
            valid_from = valid_to - timedelta(days=3 * 365)
            label = CertificateType(kind).label
            certificate_number = f"{kind.upper().replace('_', '')}-{supplier.code}-{number:02d}"
            content = certificate_pdf(
                f"{label} certificate",
                [
                    f"Issued to {supplier.name} by {issuer}",
                    f"Certificate {certificate_number}",
                    f"Valid from {valid_from.isoformat()} to {valid_to.isoformat()}",
                ],
            )
            services.certificate_create(
                organization=organization,
                actor=actor.user if actor else None,
                supplier=supplier,
                data={
                    "type": kind,
                    "issuer": issuer,
                    "number": certificate_number,
                    "valid_from": valid_from,
                    "valid_to": valid_to,
                },
                upload=ContentFile(content, name=f"{supplier.code} {label}.pdf"),
            )
            if kind == CertificateType.ISO_9001 and supplier.code in RENEWED:
                renewals.append(
                    fact(
                        supplier.code,
                        "certificate",
                        valid_from - timedelta(days=3 * 365),
                        certificate_type=kind,
                        issuer=issuer,
                        number=f"{certificate_number}-PREV",
                        valid_until=valid_from - timedelta(days=1),
                        reason="Previous certificate, renewed at its recertification audit",
                    )
                )
    import_history(organization, actor.user if actor else None, renewals)
