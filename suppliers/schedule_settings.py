"""The organisation's choices for supplier schedules, kept in ``Organization.settings``:
how many months after an evaluation each criticality is re-evaluated, how many days before
the due date its owner is reminded, and how many days before an agreement's end and review
dates the two warnings go out. Missing keys fall back to the defaults."""

from django.core.exceptions import ValidationError

from suppliers.models.register import Criticality

# The key of the settings section (``suppliers.organization_settings.SupplierSchedule``).
SECTION = "supplier_schedule"
REEVALUATION_MONTHS = "reevaluation_months"
REEVALUATION_REMIND_DAYS = "reevaluation_remind_days"
AGREEMENT_REMIND_DAYS = "agreement_remind_days"

DEFAULT_REEVALUATION_MONTHS = {
    Criticality.CRITICAL.value: 12,
    Criticality.MAJOR.value: 24,
    Criticality.MINOR.value: 36,
}
DEFAULT_REEVALUATION_REMIND_DAYS = 30
# First and last warning before an agreement's end date and its review date.
DEFAULT_AGREEMENT_REMIND_DAYS = (60, 30)
MAX_MONTHS = 120
MAX_DAYS = 365


def _settings(organization) -> dict:
    return organization.settings or {}


def reevaluation_months(organization, criticality: str) -> int:
    chosen = _settings(organization).get(REEVALUATION_MONTHS) or {}
    return int(chosen.get(criticality) or DEFAULT_REEVALUATION_MONTHS[criticality])


def reevaluation_remind_days(organization) -> int:
    value = _settings(organization).get(REEVALUATION_REMIND_DAYS)
    return DEFAULT_REEVALUATION_REMIND_DAYS if value is None else int(value)


def agreement_remind_days(organization) -> tuple[int, int]:
    value = _settings(organization).get(AGREEMENT_REMIND_DAYS) or DEFAULT_AGREEMENT_REMIND_DAYS
    first, last = (int(day) for day in value)
    return first, last


def _whole(value, field: str, low: int, high: int, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"Give the {what} as a whole number."}) from None
    if not low <= number <= high:
        raise ValidationError({field: f"Give the {what} between {low} and {high}."})
    return number


def clean_schedule(values: dict) -> dict:
    """The settings to store from form or API values (keys as in the settings form), or a
    ValidationError naming the field."""
    months = {
        level: _whole(
            values.get(f"reevaluation_months_{level}"),
            f"reevaluation_months_{level}",
            1,
            MAX_MONTHS,
            f"months between re-evaluations of {level} suppliers",
        )
        for level in Criticality.values
    }
    remind = _whole(
        values.get("reevaluation_remind_days"),
        "reevaluation_remind_days",
        0,
        MAX_DAYS,
        "days of notice before a re-evaluation",
    )
    first = _whole(
        values.get("agreement_first_warning_days"),
        "agreement_first_warning_days",
        1,
        MAX_DAYS,
        "days of the first warning before an agreement's date",
    )
    last = _whole(
        values.get("agreement_last_warning_days"),
        "agreement_last_warning_days",
        0,
        MAX_DAYS,
        "days of the last warning before an agreement's date",
    )
    if last >= first:
        raise ValidationError(
            {
                "agreement_last_warning_days": "The last warning must come after the first "
                f"(fewer days before the date than {first})."
            }
        )
    return {
        REEVALUATION_MONTHS: months,
        REEVALUATION_REMIND_DAYS: remind,
        AGREEMENT_REMIND_DAYS: [first, last],
    }


def form_initial(organization) -> dict:
    first, last = agreement_remind_days(organization)
    return {
        **{
            f"reevaluation_months_{level}": reevaluation_months(organization, level)
            for level in Criticality.values
        },
        "reevaluation_remind_days": reevaluation_remind_days(organization),
        "agreement_first_warning_days": first,
        "agreement_last_warning_days": last,
    }
