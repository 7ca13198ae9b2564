"""Every log line knows its request and its organisation.

``RequestIdMiddleware`` gives each request an id (the proxy's ``X-Request-ID`` when it sent
a sensible one) and answers with it; the organisation middleware and tenant tasks name the
organisation. ``LogContextFilter`` copies both onto every record, and ``JsonFormatter``
writes one JSON object a line (``LOG_FORMAT=json``)."""

import json
import logging
import re
import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

_request_id: ContextVar[str] = ContextVar("log_request_id", default="")
_organization: ContextVar[str] = ContextVar("log_organization", default="")
_SENSIBLE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@contextmanager
def logging_organization(organization: str):
    token = _organization.set(organization)
    try:
        yield
    finally:
        _organization.reset(token)


class LogContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.organization = _organization.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "organization": getattr(record, "organization", ""),
            "request_id": getattr(record, "request_id", ""),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request_id = offered if _SENSIBLE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        token = _request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response
