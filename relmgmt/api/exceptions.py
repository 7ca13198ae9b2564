"""One JSON error shape for every API error:

``{"error": {"code": "...", "message": "...", "fields": {"name": ["..."]}}}``

A batch of records (a bulk create) names its problems row by row instead of by field:
``{"error": {"code": "invalid", "message": "...", "rows": [{"index": 3, "field": "...",
"message": "..."}]}}``, ``index`` counting from 0 in the list sent. A Django
``ValidationError`` carrying ``rows`` (a list of (index, field, message)) gives that shape.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from relmgmt.core.views import too_large_message


def _from_django_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError(exc.message_dict)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        body = {"code": "too_large", "message": too_large_message()}
        return Response({"error": body}, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, SuspiciousOperation):  # too many fields or files, a garbled body
        body = {"code": "bad_request", "message": "The request could not be read."}
        return Response({"error": body}, status=status.HTTP_400_BAD_REQUEST)
    rows = getattr(exc, "rows", None)
    if isinstance(exc, DjangoValidationError) and rows is not None:
        body = {
            "code": "invalid",
            "message": " ".join(exc.messages),
            "rows": [
                {"index": index, "field": field, "message": message}
                for index, field, message in rows
            ],
        }
        return Response({"error": body}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = _from_django_validation_error(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = {
            "code": "invalid",
            "message": "Some fields are not valid.",
            "fields": detail,
        }
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        body = {
            "code": codes if isinstance(codes, str) else "error",
            "message": str(getattr(exc, "detail", exc)),
        }
    response.data = {"error": body}
    return response


def not_found() -> Response:
    return Response(
        {"error": {"code": "not_found", "message": "Not found."}}, status=status.HTTP_404_NOT_FOUND
    )
