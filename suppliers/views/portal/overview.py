"""What the supplier portal's overview shows: what waits for the supplier, and its profile."""

from relmgmt.notifications import selectors as notification_selectors
from suppliers.models.certificates import CertificateStatus
from suppliers.models.portal import ProfileChangeStatus
from suppliers.models.requests import AWAITING_SUPPLIER
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import portal as portal_selectors
from suppliers.selectors import questionnaires as questionnaire_selectors
from suppliers.selectors import requests as request_selectors
from suppliers.views.certificates import with_validity
from suppliers.views.portal.base import own


def overview(request) -> dict:
    """What the portal's overview shows: what waits for the supplier, and its profile."""
    organization = request.organization
    certificates = with_validity(
        list(certificate_selectors.portal_certificates(**own(request))), organization
    )
    requests = list(
        request_selectors.portal_requests(**own(request)).filter(status__in=AWAITING_SUPPLIER)
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
        "open_requests": requests,
        "open_questionnaires": list(
            questionnaire_selectors.requests_of_supplier(
                organization=organization, supplier=request.membership.supplier
            )
            .filter(status__in=questionnaire_selectors.AWAITING_SUPPLIER)
            .select_related("template")
            .order_by("due_date", "id")
        ),
        "pending_changes": portal_selectors.portal_profile_changes(**own(request))
        .filter(status=ProfileChangeStatus.PENDING)
        .count(),
        "unread": notification_selectors.unread_count(organization=organization, user=request.user),
        "certificate_count": len(certificates),
    }
