"""The idle session timeout, an organisation setting: a member who has done nothing on the
organisation's pages for longer is signed out and asked to sign in again."""

import time

from django import forms
from django.contrib.auth import logout
from django.core.exceptions import ValidationError

from relmgmt.core.extensions import SettingsSection

SETTING = "idle_timeout_minutes"
DEFAULT_MINUTES = 60
SESSION_KEY = "relmgmt_last_activity"
# Activity is noted at most once a minute: the timeout counts whole minutes (5 at least), and
# a page that writes nothing to its session saves a write and a commit on every request.
NOTED_EVERY_SECONDS = 60


def idle_minutes(organization) -> int:
    return int((organization.settings or {}).get(SETTING, DEFAULT_MINUTES))


def signed_out_for_idling(request, organization) -> bool:
    """Sign the person out when the session sat idle past the organisation's limit; else
    note the activity. True when signed out."""
    now = int(time.time())
    last = request.session.get(SESSION_KEY)
    if last is not None and now - int(last) > idle_minutes(organization) * 60:
        logout(request)
        return True
    if last is None or now - int(last) >= NOTED_EVERY_SECONDS:
        request.session[SESSION_KEY] = now
    return False


class IdleTimeout(SettingsSection):
    key = SETTING
    title = "Idle session timeout"
    order = 1

    def form_fields(self) -> dict:
        return {
            SETTING: forms.IntegerField(
                required=False,
                min_value=5,
                max_value=24 * 60,
                label="Sign members out after this many idle minutes",
                help_text="5 to 1440 minutes; signatures ask for the password again anyway.",
            )
        }

    def initial(self, organization) -> dict:
        return {SETTING: idle_minutes(organization)}

    def value_from_form(self, organization, cleaned_data: dict):
        return cleaned_data.get(SETTING) or DEFAULT_MINUTES

    def clean(self, organization, value) -> dict:
        try:
            minutes = int(value)
        except (TypeError, ValueError):
            raise ValidationError({SETTING: "Give a whole number of minutes."}) from None
        if not 5 <= minutes <= 24 * 60:
            raise ValidationError({SETTING: "Choose between 5 and 1440 minutes."})
        return {SETTING: minutes}

    def describe(self, organization) -> list[tuple[str, str]]:
        return [(self.title, f"{idle_minutes(organization)} minutes")]
