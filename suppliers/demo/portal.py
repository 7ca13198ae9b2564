"""Demo records of the supplier portal: for the supplier of ``supplier@<slug>.example`` a
certificate it uploaded that waits for acceptance, an open corrective action request and a
proposed change of its address; for the supplier of ``supplier2@<slug>.example`` a document
request it has answered. Seeding again adds nothing."""

from datetime import timedelta

from django.core.files.base import ContentFile

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import DemoPerson, register, register_person
from relmgmt.demo.seed import seed_portal_users
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Certificate, ProfileChange, Supplier, SupplierRequest
from suppliers.models.certificates import CertificateStatus
from suppliers.services import certificates as certificate_services
from suppliers.services import portal as portal_services
from suppliers.services import register as supplier_services
from suppliers.services import requests as request_services


def _supplier(code: str, name: str):
    """The supplier a portal login acts for (made with its party if the register's demo has
    not made it: when only the people are seeded)."""

    def acts_for(organization):
        supplier = Supplier.objects.filter(code=code).first()
        if supplier is None:
            supplier = supplier_services.supplier_create(
                organization=organization,
                actor=None,
                data={"code": code, "name": name, "categories": ["components"]},
            )
        return supplier

    return acts_for


register_person(
    DemoPerson(
        "supplier", Role.SUPPLIER, "Sam Supplier", _supplier("SUP-001", "Northwind Castings")
    )
)
register_person(
    DemoPerson(
        "supplier2", Role.SUPPLIER, "Sasha Supplier", _supplier("SUP-002", "Contoso Fasteners")
    )
)
# The portal users who answer the demo's questionnaires for their suppliers.
register_person(
    DemoPerson("supplier3", Role.SUPPLIER, "Fran Fabrikam", _supplier("SUP-003", "Fabrikam Steel"))
)
register_person(
    DemoPerson(
        "supplier4", Role.SUPPLIER, "Toni Tailspin", _supplier("SUP-005", "Tailspin Logistics")
    )
)


def _member(organization, local: str):
    return (
        Membership.objects.filter(
            organization=organization, user__email=f"{local}@{organization.slug}.example"
        )
        .select_related("user", "supplier__party")
        .first()
    )


@register
def seed(organization):
    # The portal logins are made after the seeders; these records need them now.
    seed_portal_users(organization)
    manager = _member(organization, "manager")
    first, second = _member(organization, "supplier"), _member(organization, "supplier2")
    if manager is None or first is None or second is None:
        return
    today = organization_today(organization)
    supplier = first.supplier
    if not Certificate.objects.filter(supplier=supplier, status=CertificateStatus.PENDING):
        certificate_services.certificate_upload_by_supplier(
            organization=organization,
            actor=first.user,
            supplier=supplier,
            data={
                "type": "iso_14001",
                "issuer": "TÜV SÜD",
                "number": f"EMS-{supplier.code}-2026",
                "valid_from": today - timedelta(days=5),
                "valid_to": today + timedelta(days=3 * 365),
            },
            upload=ContentFile(certificate_pdf(f"ISO 14001 {supplier.name}"), name="iso14001.pdf"),
        )
    if not ProfileChange.objects.filter(supplier=supplier).exists():
        portal_services.profile_change_propose(
            organization=organization,
            actor=first.user,
            supplier=supplier,
            kind="address",
            data={"address": f"{supplier.name}\nIndustriestrasse 12\n70565 Stuttgart"},
            comment="We moved to our new plant in March.",
        )
    if not SupplierRequest.objects.filter(supplier=supplier).exists():
        request_services.request_raise(
            organization=organization,
            actor=manager.user,
            supplier=supplier,
            data={
                "kind": "document",
                "subject": "X-ray reports of castings lot 2611",
                "description": (
                    "12 of 200 castings of lot 2611 showed porosity at the flange. Send the "
                    "X-ray reports of the lot and of the two lots before it."
                ),
                "internal_note": "Second porosity finding this year: consider a process audit.",
                "due_date": today + timedelta(days=14),
            },
        )
    if not SupplierRequest.objects.filter(supplier=second.supplier).exists():
        answered = request_services.request_raise(
            organization=organization,
            actor=manager.user,
            supplier=second.supplier,
            data={
                "kind": "document",
                "subject": "RoHS declaration for fasteners",
                "description": "Send your current RoHS declaration of conformity.",
                "due_date": today + timedelta(days=21),
            },
        )
        request_services.request_respond(
            organization=organization,
            actor=second.user,
            request=answered,
            response="Our RoHS declaration is attached.",
            upload=ContentFile(certificate_pdf("RoHS declaration"), name="rohs.pdf"),
        )
