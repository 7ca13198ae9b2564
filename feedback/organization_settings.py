"""The feedback app's section of the organisation's settings: the service levels of
complaints per severity."""

from django import forms

from feedback import service_levels
from feedback.models.complaints import Severity
from relmgmt.core.extensions import SettingsSection


class ComplaintServiceLevels(SettingsSection):
    key = service_levels.SETTING
    title = "Complaint service levels"
    order = 40

    def form_fields(self) -> dict:
        fields = {}
        for severity, label in Severity.choices:
            fields[f"acknowledge_hours_{severity}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=service_levels.MAX_HOURS,
                label=f"Acknowledge a {label.lower()} complaint within (hours)",
            )
            fields[f"resolve_days_{severity}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=service_levels.MAX_DAYS,
                label=f"Resolve a {label.lower()} complaint within (days)",
            )
        return fields

    def initial(self, organization) -> dict:
        current = service_levels.levels(organization)
        return {
            f"{name}_{severity}": current[severity][name]
            for severity in Severity.values
            for name in ("acknowledge_hours", "resolve_days")
        }

    def value_from_form(self, organization, cleaned_data: dict) -> dict:
        """The levels as given; a field left empty keeps its current value."""
        current = service_levels.levels(organization)
        return {
            severity: {
                name: current[severity][name]
                if cleaned_data.get(f"{name}_{severity}") is None
                else cleaned_data[f"{name}_{severity}"]
                for name in ("acknowledge_hours", "resolve_days")
            }
            for severity in Severity.values
        }

    def clean(self, organization, value) -> dict:
        return service_levels.clean(value)

    def describe(self, organization) -> list[tuple[str, str]]:
        current = service_levels.levels(organization)
        return [
            (
                label,
                f"acknowledge within {current[severity]['acknowledge_hours']} h, "
                f"resolve within {current[severity]['resolve_days']} days",
            )
            for severity, label in Severity.choices
        ]
