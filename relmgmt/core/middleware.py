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
