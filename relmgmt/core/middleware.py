from django.conf import settings

from relmgmt.core.scoping import scopes_disabled


class AdminScopeMiddleware:
    """Django's admin (superusers only) works across organisations, so scoping is off there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/admin/"):
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The browser features no page of ours uses are switched off for every response
    (static files included), so injected or framed content cannot ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.RELMGMT_PERMISSIONS_POLICY)
        return response
