"""A register "as of" a date in the API: the ``date`` query parameter its operation reads, with
the pages' rules (``relmgmt.core.as_of``): required here, a future day refused, today the
live list. Errors come out in the API's shape, naming ``date``."""

from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers
from rest_framework.fields import empty
from rest_framework.request import Request

from relmgmt.core.as_of import FUTURE
from relmgmt.core.dates import organization_today

DATE_PARAMETER = OpenApiParameter(
    "date",
    OpenApiTypes.DATE,
    required=True,
    description="The day (YYYY-MM-DD): the register as it stood at the end of that day in the "
    "organisation's time zone, rebuilt from the audit trail. Today gives the live register "
    "in the same shape; a future day is refused.",
)


def as_of_date(request: Request) -> date | None:
    """The past day asked for by ``?date=``, or None for today (the live register); a missing,
    unreadable or future date raises a validation error on ``date``."""
    field = serializers.DateField()
    try:
        day = field.run_validation(request.query_params.get("date", "").strip() or empty)
    except serializers.ValidationError as error:
        raise serializers.ValidationError({"date": error.detail}) from error
    today = organization_today(request._request.organization)  # type: ignore[attr-defined]
    if day > today:
        raise serializers.ValidationError({"date": [FUTURE]})
    return None if day == today else day
