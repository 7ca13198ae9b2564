"""Certificates a supplier uploads through the portal, and the buyer's decision on them.

A portal upload is checked like any other (``certificates.check_upload``) and recorded as
PENDING: it counts for nothing (no flag cleared, no expiry warning, replaces nothing) until
a member accepts it. A rejection keeps the row and its reason, so the supplier sees why.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parties.services.common import ensure_same_organization
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from suppliers.models import Certificate, Supplier
from suppliers.models.certificates import CertificateStatus
from suppliers.services import certificates


def certificate_upload_by_supplier(
    *, organization, actor, supplier: Supplier, data: dict, upload
) -> Certificate:
    """The supplier's own upload: waits for the buyer's acceptance."""
    return certificates.certificate_create(
        organization=organization,
        actor=actor,
        supplier=supplier,
        data=data,
        upload=upload,
        status=CertificateStatus.PENDING,
    )


def _pending(organization, certificate: Certificate) -> Certificate:
    ensure_same_organization(organization=organization, record=certificate, field="certificate")
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=certificate.pk)
    )
    if certificate.status != CertificateStatus.PENDING:
        raise ValidationError(
            {"status": f"This certificate is {certificate.get_status_display().lower()} already."}
        )
    return certificate


def certificate_accept(*, organization, actor, certificate: Certificate) -> Certificate:
    """Accept a supplier's upload: from now on it counts, and its warnings are scheduled."""
    with org_scope(organization), transaction.atomic():
        certificate = _pending(organization, certificate)
        certificate.status = CertificateStatus.ACCEPTED
        certificate.accepted_by, certificate.accepted_at = actor, timezone.now()
        with acting_as(actor):
            certificate.save()
        certificates._reschedule_type(organization, certificate.supplier, certificate.type)
    return certificate


def certificate_reject(
    *, organization, actor, certificate: Certificate, reason: str
) -> Certificate:
    """Reject a supplier's upload with the reason the supplier reads in the portal."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is rejected."})
    with org_scope(organization), transaction.atomic():
        certificate = _pending(organization, certificate)
        certificate.status = CertificateStatus.REJECTED
        certificate.rejection_reason = reason
        with acting_as(actor), audit_reason(reason):
            certificate.save()
    return certificate
