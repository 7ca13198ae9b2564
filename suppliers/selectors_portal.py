"""Reads of the supplier portal and of the buyer's side of it (proposals, requests).

Every portal read takes the supplier as well as the organisation: a portal page never
reaches a record of another supplier, so a foreign id is simply not found (404).
"""

from django.db.models import BooleanField, Case, Exists, Q, Value, When

from parties.models import Contact
from parties.services.register import organization_today
from relmgmt.notifications.models import Notification
from suppliers.models import Certificate, ProfileChange, SupplierRequest
from suppliers.models.certificates import CertificateStatus
from suppliers.models.portal import ProfileChangeStatus
from suppliers.models.requests import AWAITING_SUPPLIER
from suppliers.selectors_certificates import _newer_same_type

# --- The buyer's side -------------------------------------------------------------------


def profile_changes(*, organization):
    return ProfileChange.objects.filter(organization=organization).select_related(
        "supplier__party", "contact", "proposed_by", "decided_by"
    )


def pending_profile_changes(*, organization):
    return profile_changes(organization=organization).filter(status=ProfileChangeStatus.PENDING)


def with_overdue(queryset, *, today):
    return queryset.annotate(
        overdue=Case(
            When(Q(status__in=AWAITING_SUPPLIER, due_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def supplier_requests(*, organization):
    """The organisation's requests to suppliers, with ``overdue`` (still owed and past due)."""
    return with_overdue(
        SupplierRequest.objects.filter(organization=organization).select_related(
            "supplier__party", "raised_by", "closed_by", "responded_by"
        ),
        today=organization_today(organization),
    )


def pending_certificates(*, organization):
    return Certificate.objects.filter(
        organization=organization, status=CertificateStatus.PENDING
    ).select_related("supplier__party", "uploaded_by")


# --- The portal: one supplier's own records ---------------------------------------------


def portal_certificates(*, organization, supplier):
    """The supplier's certificates, each with ``replaced`` (a newer accepted one of its type
    ends later)."""
    return (
        Certificate.objects.filter(organization=organization, supplier=supplier)
        .select_related("supplier")
        .annotate(replaced=Exists(_newer_same_type(organization)))
        .order_by("type", "-valid_to", "-id")
    )


def portal_requests(*, organization, supplier):
    return with_overdue(
        SupplierRequest.objects.filter(organization=organization, supplier=supplier),
        today=organization_today(organization),
    ).order_by("status", "due_date", "id")


def portal_profile_changes(*, organization, supplier):
    return ProfileChange.objects.filter(
        organization=organization, supplier=supplier
    ).select_related("contact")


def portal_contacts(*, organization, supplier):
    """The supplier's contacts (its party's), erased ones left out."""
    return Contact.objects.filter(
        organization=organization, party_id=supplier.party_id, erased_at__isnull=True
    ).order_by("name", "id")


def portal_unread_notifications(*, organization, user):
    return Notification.objects.filter(organization=organization, user=user, read_at__isnull=True)


def portal_link(organization, url: str) -> str:
    """Where a notification takes a portal user: its own link when it is a portal page;
    a link into the organisation area (certificate warnings sent before reminders named a
    page for each side took the buyer's supplier page) becomes the portal's certificates
    page, the page the warning is about."""
    portal_prefix = f"/portal/{organization.slug}/"
    if not url or url.startswith(portal_prefix):
        return url or portal_prefix
    if "#certificates" in url or "/certificates/" in url:
        return f"{portal_prefix}certificates/"
    return portal_prefix
