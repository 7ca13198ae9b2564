from relmgmt import policy
from relmgmt.tenancy import selectors


def organization(request):
    membership = getattr(request, "membership", None)
    user = getattr(request, "user", None)
    return {
        "organization": getattr(request, "organization", None),
        "membership": membership,
        "perms_in_org": policy.permissions_of(membership),
        "my_memberships": (lambda: selectors.memberships_of_user(user)),
    }
