from django.utils import timezone

from relmgmt import policy
from relmgmt.core import extensions
from relmgmt.tenancy import selectors


def organization(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        # django-htmx's script tag and ours carry the request's CSP nonce.
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "perms_in_org": policy.permissions_of(membership),
        "my_memberships": (lambda: _memberships(request, user)),
        # The organisation's date (its time zone is active), for due and overdue badges.
        "today": timezone.localdate,
        # What the domain apps registered for the menu and the portal's tabs.
        "navigation": extensions.navigation,
        "portal_tabs": extensions.portal_tabs,
    }


def _memberships(request, user):
    # Organisation pages have them already: the middleware found the membership among them.
    memberships = getattr(request, "memberships", None)
    return selectors.memberships_of_user(user) if memberships is None else memberships
