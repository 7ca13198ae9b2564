"""Reads of the supplier portal: the supplier's proposed changes to its profile (the
buyer's list and the supplier's own), its contacts, its portal users' notifications.

Every portal read takes the supplier as well as the organisation: a portal page never
reaches a record of another supplier, so a foreign id is simply not found (404).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from parties.models import Contact
from relmgmt.notifications import selectors as notification_selectors
from relmgmt.notifications.models import Notification
from suppliers.models import ProfileChange
from suppliers.models.certificates import CertificateStatus
from suppliers.models.portal import ProfileChangeStatus
from suppliers.models.requests import AWAITING_SUPPLIER
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import questionnaires as questionnaire_selectors
from suppliers.selectors import requests as request_selectors

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier


def profile_changes(*, organization: Organization) -> QuerySet[ProfileChange]:
    return ProfileChange.objects.filter(organization=organization).select_related(
        "supplier__party", "contact", "proposed_by", "decided_by"
    )


def pending_profile_changes(*, organization: Organization) -> QuerySet[ProfileChange]:
    return profile_changes(organization=organization).filter(status=ProfileChangeStatus.PENDING)


# --- The portal: one supplier's own records ---------------------------------------------


def portal_profile_changes(
    *, organization: Organization, supplier: Supplier
) -> QuerySet[ProfileChange]:
    return ProfileChange.objects.filter(
        organization=organization, supplier=supplier
    ).select_related("contact")


def portal_contacts(*, organization: Organization, supplier: Supplier) -> QuerySet[Contact]:
    """The supplier's contacts (its party's), erased ones left out."""
    return Contact.objects.filter(
        organization=organization, party_id=supplier.party_id, erased_at__isnull=True
    ).order_by("name", "id")


def portal_unread_notifications(
    *, organization: Organization, user: User
) -> QuerySet[Notification]:
    return Notification.objects.filter(organization=organization, user=user, read_at__isnull=True)


def portal_link(organization: Organization, url: str) -> str:
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


def portal_overview(*, organization: Organization, supplier: Supplier, user: User) -> dict:
    """What the portal's overview shows: what waits for the supplier, and its profile."""
    own = {"organization": organization, "supplier": supplier}
    certificates = certificate_selectors.with_validity(
        list(certificate_selectors.portal_certificates(**own)), organization
    )
    return {
        "certificates_attention": [
            c
            for c in certificates
            if c.status == CertificateStatus.ACCEPTED
            and not c.replaced
            and c.validity in ("expiring", "expired")
        ],
        "certificates_pending": [c for c in certificates if c.status == CertificateStatus.PENDING],
        "open_requests": list(
            request_selectors.portal_requests(**own).filter(status__in=AWAITING_SUPPLIER)
        ),
        "open_questionnaires": list(
            questionnaire_selectors.requests_of_supplier(**own)
            .filter(status__in=questionnaire_selectors.AWAITING_SUPPLIER)
            .select_related("template")
            .order_by("due_date", "id")
        ),
        "pending_changes": portal_profile_changes(**own)
        .filter(status=ProfileChangeStatus.PENDING)
        .count(),
        "unread": notification_selectors.unread_count(organization=organization, user=user),
        "certificate_count": len(certificates),
    }
