import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("Health check: the database does not answer")
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def _is_api(request) -> bool:
    return request.path_info.startswith("/api/")


def api_error(status: int, code: str, message: str) -> HttpResponse:
    """The API's error shape (relmgmt.api.exceptions), for errors raised before or outside
    its views: the same compact JSON as its renderer writes."""
    body = json.dumps({"error": {"code": code, "message": message}}, separators=(",", ":"))
    return HttpResponse(body, status=status, content_type="application/json")


def too_large_message() -> str:
    return (
        f"The request body is larger than the limit of "
        f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)} MB."
    )


def error_400(request, exception=None):
    too_large = isinstance(exception, RequestDataTooBig)
    if _is_api(request):
        if too_large:
            return api_error(413, "too_large", too_large_message())
        return api_error(400, "bad_request", "The request could not be read.")
    return render(request, "400.html", status=413 if too_large else 400)


def error_403(request, exception=None):
    if _is_api(request):
        return api_error(403, "permission_denied", str(exception or "") or "Not allowed.")
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def error_404(request, exception=None):
    if _is_api(request):
        return api_error(404, "not_found", "Not found.")
    return render(request, "404.html", status=404)


def error_500(request):
    if _is_api(request):
        return api_error(500, "server_error", "Something went wrong on our side.")
    return render(request, "500.html", status=500)
