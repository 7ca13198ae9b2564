"""The feedback app's sections of the organisation's settings: the service levels of
complaints per severity, the survey answers at or below which a follow-up is opened for
the party's owner (and how many days it is given), and the survey template sent after each
event (transactional surveys)."""

from django import forms
from django.core.exceptions import ValidationError

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


SETTING = "survey_follow_up"
DEFAULTS = {"nps_threshold": 6, "csat_threshold": 2, "follow_up_days": 7}
LIMITS = {"nps_threshold": (0, 10), "csat_threshold": (1, 5), "follow_up_days": (1, 90)}
LABELS = {
    "nps_threshold": "Open a follow-up for an NPS answer at or below (0-10; 6 = every detractor)",
    "csat_threshold": "Open a follow-up for a satisfaction answer at or below (1-5)",
    "follow_up_days": "Days the owner has to contact the respondent",
}


def survey_follow_up(organization) -> dict[str, int]:
    """The organisation's thresholds, defaults filled in."""
    chosen = (organization.settings or {}).get(SETTING) or {}
    return {name: int(chosen.get(name, default)) for name, default in DEFAULTS.items()}


class SurveyFollowUp(SettingsSection):
    key = SETTING
    title = "Survey follow-ups"
    order = 40

    def form_fields(self) -> dict:
        return {
            name: forms.IntegerField(
                required=False, min_value=low, max_value=high, label=LABELS[name]
            )
            for name, (low, high) in LIMITS.items()
        }

    def initial(self, organization) -> dict:
        return survey_follow_up(organization)

    def value_from_form(self, organization, cleaned_data: dict) -> dict:
        current = survey_follow_up(organization)
        return {
            name: current[name] if cleaned_data.get(name) is None else cleaned_data[name]
            for name in DEFAULTS
        }

    def clean(self, organization, value) -> dict:
        cleaned = {}
        for name, (low, high) in LIMITS.items():
            raw = (value or {}).get(name, DEFAULTS[name])
            try:
                number = int(raw)
            except (TypeError, ValueError):
                raise ValidationError({name: "Give a whole number."}) from None
            if not low <= number <= high:
                raise ValidationError({name: f"Give a number from {low} to {high}."})
            cleaned[name] = number
        return {SETTING: cleaned}

    def describe(self, organization) -> list[tuple[str, str]]:
        current = survey_follow_up(organization)
        return [(LABELS[name], str(current[name])) for name in DEFAULTS]


TRANSACTIONAL_SETTING = "transactional_surveys"
# The events after which a survey may go to the contact concerned.
EVENTS = {
    "complaint_closed": "Survey sent to the complainant when a complaint is closed",
}


def transactional_templates(organization) -> dict[str, str]:
    """The name of the survey template chosen per event ("" for none)."""
    chosen = (organization.settings or {}).get(TRANSACTIONAL_SETTING) or {}
    return {event: str(chosen.get(event) or "") for event in EVENTS}


class TransactionalSurveys(SettingsSection):
    key = TRANSACTIONAL_SETTING
    title = "Transactional surveys"
    order = 41

    def form_fields(self) -> dict:
        return {
            f"survey_{event}": forms.CharField(
                required=False,
                max_length=200,
                label=f"{label} (a survey template's name; empty for none)",
            )
            for event, label in EVENTS.items()
        }

    def initial(self, organization) -> dict:
        return {f"survey_{e}": name for e, name in transactional_templates(organization).items()}

    def value_from_form(self, organization, cleaned_data: dict) -> dict:
        return {event: cleaned_data.get(f"survey_{event}") or "" for event in EVENTS}

    def clean(self, organization, value) -> dict:
        from feedback.models import SurveyTemplate
        from relmgmt.core.scoping import org_scope

        cleaned = {}
        for event in EVENTS:
            name = " ".join(str((value or {}).get(event) or "").split())
            if name:
                with org_scope(organization):
                    known = SurveyTemplate.objects.filter(
                        organization=organization, name__iexact=name
                    ).exists()
                if not known:
                    raise ValidationError(
                        {f"survey_{event}": f"No survey template is named “{name}”."}
                    )
            cleaned[event] = name
        return {TRANSACTIONAL_SETTING: cleaned}

    def describe(self, organization) -> list[tuple[str, str]]:
        chosen = transactional_templates(organization)
        return [(label, chosen[event] or "None") for event, label in EVENTS.items()]
