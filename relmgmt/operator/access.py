"""The operator's pages are for active superusers only: anyone else signed in, whatever
their role in any organisation, is refused (403)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def operator_view(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_active and request.user.is_superuser):
            raise PermissionDenied("This page is for the operator of this deployment.")
        return view(request, *args, **kwargs)

    wrapped.operator_only = True
    return wrapped
