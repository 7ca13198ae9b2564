"""A list "as of" a past date: the date field a register's page and export read.

``?as_of=YYYY-MM-DD`` asks for the list as it stood at the end of that day in the
organisation's time zone (rebuilt from the audit trail by the list's own selector). Empty or
today is the live list; a future day is refused with the form's error.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.http import HttpRequest

from relmgmt.core.dates import organization_today

FUTURE = "Choose today or a past date."


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        required=False,
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: today.",
    )


def as_of_day(request: HttpRequest) -> tuple[AsOfForm, date | None]:
    """The form, and the past day asked for (None for today or none; also for an error,
    which the form then carries)."""
    form = AsOfForm({"as_of": request.GET.get("as_of", "")})
    if not form.is_valid():
        return form, None
    day = form.cleaned_data["as_of"]
    if day is None:
        return form, None
    today = organization_today(request.organization)  # type: ignore[attr-defined]
    if day > today:
        form.add_error("as_of", FUTURE)
        return form, None
    return form, None if day == today else day
