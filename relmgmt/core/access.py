"""View guards: signed in, member of the URL's organisation, allowed to do this.

Permissions are declared per HTTP method: ``read`` for GET and HEAD, ``write`` for the
rest. A non-member gets 404 (from the middleware); a member without the permission 403.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from relmgmt import policy

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def open_to_anyone(view):
    """Marks a page under ``/o/<org_slug>/`` that asks no sign-in and no membership (a
    survey respondent's personal link): the organisation middleware resolves the
    organisation and its scope but leaves ``request.membership`` empty, so a visitor signed
    in to another organisation opens it as anyone would. The view proves its own right to
    be seen (the link). Apply it outermost, above decorators that copy attributes."""
    view.open_to_anyone = True
    return view


def org_view(*, read: str, write: str | None = None):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, org_slug=None, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.membership is None:
                raise Http404
            permission = read if request.method in SAFE_METHODS else write
            if permission is None:
                raise PermissionDenied("This page cannot be changed.")
            if not policy.can(request.membership, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.org_permissions = {"read": read, "write": write}
        return wrapped

    return decorator
