"""The notifications' section of the organisation's settings: the reminders members may not
switch off (they still choose between at once and the daily digest)."""

from django import forms
from django.core.exceptions import ValidationError

from relmgmt.core.extensions import SettingsSection
from relmgmt.notifications import kinds

KEY = "required_kinds"


class RequiredKinds(SettingsSection):
    key = KEY
    title = "Reminders members may not switch off"
    order = 1

    def form_fields(self) -> dict:
        return {
            KEY: forms.MultipleChoiceField(
                required=False,
                choices=[(kind.key, kind.label) for kind in kinds.all_kinds() if not kind.required],
                widget=forms.CheckboxSelectMultiple,
                label=self.title,
                help_text="Members still choose between at once and the daily digest for these.",
            )
        }

    def initial(self, organization) -> dict:
        return {KEY: organization.settings.get(KEY, [])}

    def value_from_form(self, organization, cleaned_data: dict):
        return cleaned_data[KEY]

    def clean(self, organization, value) -> dict:
        unknown = [key for key in value if kinds.get(key) is None]
        if unknown:
            raise ValidationError({KEY: f"Unknown reminder: {', '.join(unknown)}."})
        return {KEY: sorted(value)}

    def describe(self, organization) -> list[tuple[str, str]]:
        labels = {kind.key: kind.label for kind in kinds.all_kinds()}
        chosen = [labels.get(key, key) for key in organization.settings.get(KEY, [])]
        return [(self.title, ", ".join(chosen) or "none")]
