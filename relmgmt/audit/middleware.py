from relmgmt.audit.context import acting_as


class AuditContextMiddleware:
    """Attributes every write made while handling a request to the signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        source = "api" if request.path.startswith("/api/") else "web"
        user = getattr(request, "user", None)
        with acting_as(user, label="anonymous", source=source):
            return self.get_response(request)
