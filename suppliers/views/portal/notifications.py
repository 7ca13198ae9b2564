"""The supplier portal's notifications: the portal user's own, each linking to a portal page."""

from django.core.paginator import Paginator
from django.shortcuts import render

from relmgmt.core.access import org_view
from relmgmt.notifications import selectors as notification_selectors
from suppliers.selectors import portal as portal_selectors
from suppliers.views.portal.base import PORTAL, section_context


@org_view(read=PORTAL)
def notification_list(request):
    notifications = notification_selectors.notifications_of(
        organization=request.organization, user=request.user
    )
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    for notification in page.object_list:
        notification.portal_url = portal_selectors.portal_link(
            request.organization, notification.url
        )
    return render(
        request, "portal/notifications.html", section_context(request, "notifications", page=page)
    )
