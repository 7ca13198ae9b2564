"""Shared set-up of the re-evaluation, performance review and agreement tests."""

from datetime import timedelta

from django.core.files.base import ContentFile

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from suppliers.demo.certificates import certificate_pdf
from suppliers.services import approval
from suppliers.services import certificates as certificate_services

from ..conftest import PASSWORD


def approved(org, actor, make_supplier, **data):
    """A supplier taken to approved through the real, signed transitions."""
    supplier = make_supplier(org, **data)
    for action in ("evaluate", "approve"):
        approval.supplier_transition(
            organization=org,
            actor=actor,
            supplier=supplier,
            action=action,
            reason=f"{action} for the test",
            password=PASSWORD,
        )
    with org_scope(org):
        supplier.refresh_from_db()
    return supplier


def certificate(org, actor, supplier, kind="iso_9001", days=300):
    today = organization_today(org)
    return certificate_services.certificate_create(
        organization=org,
        actor=actor,
        supplier=supplier,
        data={
            "type": kind,
            "issuer": "BSI",
            "number": f"FM {supplier.code}",
            "valid_from": today - timedelta(days=100),
            "valid_to": today + timedelta(days=days),
        },
        upload=ContentFile(certificate_pdf("ISO 9001"), name="iso.pdf"),
    )


def open_reminders(org, record) -> list[tuple[str, int, str, str]]:
    """(kind, escalation level, due date, send day) of the record's pending reminders."""
    with org_scope(org):
        rows = Reminder.objects.filter(
            object_id=str(record.pk),
            model_label=record._meta.label_lower,
            status=Reminder.Status.PENDING,
        ).order_by("kind", "escalation_level")
        return [
            (
                row.kind,
                row.escalation_level,
                row.due_date.isoformat(),
                row.send_at.date().isoformat(),
            )
            for row in rows
        ]
