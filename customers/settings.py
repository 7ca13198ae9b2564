"""The organisation's setting for customer figures: after how many periods without revenue
a customer counts as lost (in the figures' periods: months or quarters)."""

from django.core.exceptions import ValidationError

SETTING = "customer_figures"
DEFAULT_LOST_AFTER = 2
MAX_LOST_AFTER = 24


def lost_after(organization) -> int:
    value = (organization.settings or {}).get(SETTING, {}).get("lost_after_periods")
    return value if isinstance(value, int) and 1 <= value <= MAX_LOST_AFTER else DEFAULT_LOST_AFTER


def clean(value) -> dict:
    periods = (value or {}).get("lost_after_periods")
    if not isinstance(periods, int) or not 1 <= periods <= MAX_LOST_AFTER:
        raise ValidationError(
            {"lost_after_periods": f"Give a whole number of periods from 1 to {MAX_LOST_AFTER}."}
        )
    return {"lost_after_periods": periods}
