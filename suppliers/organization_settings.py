"""The suppliers app's sections of the organisation's settings: the certificate types
required of suppliers, the re-evaluation and agreement schedule, and the share of a
category's spend above which one supplier makes it single-source."""

from django import forms
from django.core.exceptions import ValidationError

from relmgmt.core.extensions import SettingsSection
from suppliers import schedule_settings
from suppliers.models.certificates import CertificateType
from suppliers.models.register import Criticality
from suppliers.selectors import spend as spend_selectors
from suppliers.selectors.certificates import (
    APPROVAL_CHOICES,
    APPROVAL_SETTING,
    SETTING,
    approval_without_certificate,
    required_certificate_types,
)


class RequiredCertificates(SettingsSection):
    key = SETTING
    title = "Certificates required of suppliers"
    order = 10

    def form_fields(self) -> dict:
        return {
            SETTING: forms.MultipleChoiceField(
                required=False,
                choices=CertificateType.choices,
                widget=forms.CheckboxSelectMultiple,
                label=self.title,
                help_text="A supplier without a valid certificate of each of these types is "
                "flagged.",
            )
        }

    def initial(self, organization) -> dict:
        return {SETTING: (organization.settings or {}).get(SETTING, [])}

    def value_from_form(self, organization, cleaned_data: dict):
        return cleaned_data[SETTING]

    def clean(self, organization, value) -> dict:
        known = CertificateType.values
        unknown = [str(item) for item in value if item not in known]
        if unknown:
            raise ValidationError({SETTING: f"Unknown certificate type: {', '.join(unknown)}."})
        return {SETTING: [item for item in known if item in value]}

    def describe(self, organization) -> list[tuple[str, str]]:
        labels = dict(CertificateType.choices)
        chosen = [labels[value] for value in required_certificate_types(organization)]
        return [(self.title, ", ".join(chosen) or "none")]


class ApprovalWithoutCertificate(SettingsSection):
    """Whether a supplier lacking a required valid certificate may be approved with an
    explicit, recorded override, or not at all."""

    key = APPROVAL_SETTING
    title = "Approving a supplier without a required certificate"
    order = 15

    def form_fields(self) -> dict:
        return {
            APPROVAL_SETTING: forms.ChoiceField(
                required=False,
                choices=APPROVAL_CHOICES,
                widget=forms.RadioSelect,
                label=self.title,
                help_text="Applies to approvals and conditional approvals, on the pages and "
                "in the API.",
            )
        }

    def initial(self, organization) -> dict:
        return {APPROVAL_SETTING: approval_without_certificate(organization)}

    def value_from_form(self, organization, cleaned_data: dict):
        return cleaned_data.get(APPROVAL_SETTING) or approval_without_certificate(organization)

    def clean(self, organization, value) -> dict:
        known = [choice for choice, _label in APPROVAL_CHOICES]
        if value not in known:
            raise ValidationError({APPROVAL_SETTING: f"Choose one of: {', '.join(known)}."})
        return {APPROVAL_SETTING: value}

    def describe(self, organization) -> list[tuple[str, str]]:
        labels = dict(APPROVAL_CHOICES)
        return [(self.title, labels[approval_without_certificate(organization)])]


def _whole_field(label: str, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(required=False, min_value=low, max_value=high, label=label)


class SupplierSchedule(SettingsSection):
    key = schedule_settings.SECTION
    title = "Re-evaluations and agreements"
    order = 20

    def form_fields(self) -> dict:
        months = {
            f"reevaluation_months_{level}": _whole_field(
                f"Re-evaluate {level} suppliers every (months)", 1, schedule_settings.MAX_MONTHS
            )
            for level in Criticality.values
        }
        days = schedule_settings.MAX_DAYS
        return {
            **months,
            "reevaluation_remind_days": _whole_field(
                "Remind the owner of a re-evaluation (days before it is due)", 0, days
            ),
            "agreement_first_warning_days": _whole_field(
                "First warning before an agreement's end or review (days)", 1, days
            ),
            "agreement_last_warning_days": _whole_field(
                "Last warning before an agreement's end or review (days)", 0, days
            ),
        }

    def initial(self, organization) -> dict:
        return schedule_settings.form_initial(organization)

    def value_from_form(self, organization, cleaned_data: dict) -> dict:
        """The schedule as given; a field left empty keeps its current value."""
        current = schedule_settings.form_initial(organization)
        return {
            name: current[name] if cleaned_data.get(name) is None else cleaned_data[name]
            for name in current
        }

    def clean(self, organization, value) -> dict:
        return schedule_settings.clean_schedule(value)

    def describe(self, organization) -> list[tuple[str, str]]:
        current = self.initial(organization)
        return [(field.label, str(current[name])) for name, field in self.form_fields().items()]


class SingleSourceShare(SettingsSection):
    """The percentage of a category's spend above which one approved supplier makes the
    category single-source (supply continuity)."""

    key = spend_selectors.SHARE_SETTING
    title = "Single-source share of spend"
    order = 25

    def form_fields(self) -> dict:
        return {
            self.key: forms.IntegerField(
                required=False,
                min_value=spend_selectors.MIN_SHARE,
                max_value=spend_selectors.MAX_SHARE,
                label="A category is single-source when one approved supplier holds more "
                "than this share of its spend (percent)",
                help_text="Over the last full calendar year with spend recorded for the "
                f"category; from {spend_selectors.MIN_SHARE} to {spend_selectors.MAX_SHARE}, "
                f"{spend_selectors.DEFAULT_SHARE} unless chosen.",
            )
        }

    def initial(self, organization) -> dict:
        return {self.key: spend_selectors.single_source_share(organization)}

    def value_from_form(self, organization, cleaned_data: dict):
        value = cleaned_data.get(self.key)
        return spend_selectors.single_source_share(organization) if value is None else value

    def clean(self, organization, value) -> dict:
        return spend_selectors.clean_share(value)

    def describe(self, organization) -> list[tuple[str, str]]:
        share = spend_selectors.single_source_share(organization)
        return [(self.title, f"more than {share}% of a category's spend")]
