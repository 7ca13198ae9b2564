"""The corrective actions app's section of the organisation's settings, kept in
``Organization.settings["corrective_actions"]``: how many days after the actions are
verified their effectiveness is checked (per severity), whether the owner of a corrective
action may sign its closure, who may approve a nonconformity's disposition, and the due
dates of a supplier's 8D: containment (D3) within days, closure (D8) within weeks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from corrective_actions.models.common import Severity
from relmgmt.core.extensions import SettingsSection

SETTING = "corrective_actions"
MAX_DAYS = 730
APPROVERS_ADMINS = "admins"
APPROVERS_WRITERS = "managers"
APPROVER_CHOICES = [
    (APPROVERS_WRITERS, "Admins and quality managers"),
    (APPROVERS_ADMINS, "Admins only"),
]
DEFAULT_SCAR_CONTAINMENT_DAYS = 3
DEFAULT_SCAR_CLOSURE_WEEKS = 8
MAX_SCAR_CONTAINMENT_DAYS = 60
MAX_SCAR_CLOSURE_WEEKS = 52
DEFAULT_DAYS = {
    Severity.CRITICAL: 30,
    Severity.HIGH: 60,
    Severity.MEDIUM: 90,
    Severity.LOW: 90,
}


def current(organization: Any) -> dict[str, Any]:
    """The organisation's choices, defaults filled in."""
    stored = (organization.settings or {}).get(SETTING) or {}
    days = {**DEFAULT_DAYS, **(stored.get("effectiveness_days") or {})}
    return {
        "effectiveness_days": {severity: int(days[severity]) for severity in Severity.values},
        "owner_may_close": bool(stored.get("owner_may_close", False)),
        "disposition_approvers": stored.get("disposition_approvers") or APPROVERS_WRITERS,
        "scar_containment_days": int(
            stored.get("scar_containment_days") or DEFAULT_SCAR_CONTAINMENT_DAYS
        ),
        "scar_closure_weeks": int(stored.get("scar_closure_weeks") or DEFAULT_SCAR_CLOSURE_WEEKS),
    }


def effectiveness_days(organization: Any, severity: str) -> int:
    return current(organization)["effectiveness_days"][severity]


class CorrectiveActionSettings(SettingsSection):
    key = SETTING
    title = "Nonconformities and corrective actions"
    order = 50

    def form_fields(self) -> dict:
        fields: dict[str, forms.Field] = {}
        for severity, label in Severity.choices:
            fields[f"effectiveness_days_{severity}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=MAX_DAYS,
                label=f"Check the effectiveness of a {label.lower()} corrective action after "
                "(days from the verification)",
            )
        fields["owner_may_close"] = forms.BooleanField(
            required=False, label="The owner of a corrective action may sign its closure"
        )
        # Not required: a settings form posted without it keeps the current choice.
        fields["disposition_approvers"] = forms.ChoiceField(
            choices=APPROVER_CHOICES,
            required=False,
            label="Who may approve a nonconformity's disposition",
        )
        fields["scar_containment_days"] = forms.IntegerField(
            required=False,
            min_value=1,
            max_value=MAX_SCAR_CONTAINMENT_DAYS,
            label="A supplier's 8D: containment (D1 to D3) due within (days of issue)",
        )
        fields["scar_closure_weeks"] = forms.IntegerField(
            required=False,
            min_value=1,
            max_value=MAX_SCAR_CLOSURE_WEEKS,
            label="A supplier's 8D: closure (D8) due within (weeks of issue)",
        )
        return fields

    def initial(self, organization) -> dict:
        chosen = current(organization)
        return {
            **{
                f"effectiveness_days_{severity}": days
                for severity, days in chosen["effectiveness_days"].items()
            },
            "owner_may_close": chosen["owner_may_close"],
            "disposition_approvers": chosen["disposition_approvers"],
            "scar_containment_days": chosen["scar_containment_days"],
            "scar_closure_weeks": chosen["scar_closure_weeks"],
        }

    def value_from_form(self, organization, cleaned_data: dict) -> dict:
        chosen = current(organization)
        days = {
            severity: chosen["effectiveness_days"][severity]
            if cleaned_data.get(f"effectiveness_days_{severity}") is None
            else cleaned_data[f"effectiveness_days_{severity}"]
            for severity in Severity.values
        }
        return {
            "effectiveness_days": days,
            "owner_may_close": bool(cleaned_data.get("owner_may_close")),
            "disposition_approvers": cleaned_data.get("disposition_approvers")
            or chosen["disposition_approvers"],
            "scar_containment_days": cleaned_data.get("scar_containment_days")
            or chosen["scar_containment_days"],
            "scar_closure_weeks": cleaned_data.get("scar_closure_weeks")
            or chosen["scar_closure_weeks"],
        }

    def clean(self, organization, value) -> dict:
        value = value or {}
        days = {}
        for severity in Severity.values:
            raw = (value.get("effectiveness_days") or {}).get(severity, DEFAULT_DAYS[severity])
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = -1
            if not 1 <= number <= MAX_DAYS:
                raise ValidationError(
                    {f"effectiveness_days_{severity}": f"Give a whole number from 1 to {MAX_DAYS}."}
                )
            days[severity] = number
        approvers = value.get("disposition_approvers") or APPROVERS_WRITERS
        if approvers not in dict(APPROVER_CHOICES):
            raise ValidationError(
                {"disposition_approvers": f"Choose one of: {', '.join(dict(APPROVER_CHOICES))}."}
            )
        scar = {}
        for key, default, limit in (
            ("scar_containment_days", DEFAULT_SCAR_CONTAINMENT_DAYS, MAX_SCAR_CONTAINMENT_DAYS),
            ("scar_closure_weeks", DEFAULT_SCAR_CLOSURE_WEEKS, MAX_SCAR_CLOSURE_WEEKS),
        ):
            try:
                number = int(value.get(key) or default)
            except (TypeError, ValueError):
                number = -1
            if not 1 <= number <= limit:
                raise ValidationError({key: f"Give a whole number from 1 to {limit}."})
            scar[key] = number
        if scar["scar_containment_days"] > scar["scar_closure_weeks"] * 7:
            raise ValidationError(
                {"scar_closure_weeks": "The closure cannot be due before the containment."}
            )
        return {
            SETTING: {
                "effectiveness_days": days,
                "owner_may_close": bool(value.get("owner_may_close", False)),
                "disposition_approvers": approvers,
                **scar,
            }
        }

    def describe(self, organization) -> list[tuple[str, str]]:
        chosen = current(organization)
        rows = [
            (f"Effectiveness check of a {label.lower()} corrective action", f"{days} days after")
            for (severity, label), days in zip(
                Severity.choices, chosen["effectiveness_days"].values(), strict=True
            )
        ]
        rows.append(
            ("The owner may sign the closure", "yes" if chosen["owner_may_close"] else "no")
        )
        rows.append(
            (
                "Dispositions approved by",
                dict(APPROVER_CHOICES)[chosen["disposition_approvers"]],
            )
        )
        rows.append(("A supplier's 8D containment due", f"{chosen['scar_containment_days']} days"))
        rows.append(("A supplier's 8D closure due", f"{chosen['scar_closure_weeks']} weeks"))
        return rows
