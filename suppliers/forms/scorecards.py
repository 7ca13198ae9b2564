"""Forms of the scorecard pages: the definition editor, a manual rating, a decision on a
suspension proposal. The services check everything again."""

from django import forms

from relmgmt.core.dates import organization_today
from suppliers.models.metrics import METRICS
from suppliers.models.periods import recent_periods
from suppliers.models.scorecards import RANKED_STANDINGS, Consequence, Period


class DefinitionForm(forms.Form):
    period = forms.ChoiceField(choices=Period.choices, widget=forms.RadioSelect)
    excellent_from = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)
    good_from = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)
    needs_improvement_from = forms.DecimalField(min_value=0, max_value=100, decimal_places=2)
    note = forms.CharField(
        label="Why this change", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, definition=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        if definition is not None:
            initial.update(
                period=definition.period,
                excellent_from=definition.excellent_from,
                good_from=definition.good_from,
                needs_improvement_from=definition.needs_improvement_from,
            )
            chosen = {c.metric: c for c in definition.criteria.all()}
            consequences = definition.consequences or {}
        else:
            initial.update(
                period="monthly", excellent_from=85, good_from=70, needs_improvement_from=50
            )
            chosen, consequences = {}, {}
        super().__init__(*args, initial=initial, **kwargs)
        self.metric_rows = []
        for metric in METRICS.values():
            criterion = chosen.get(metric.key)
            prefix = f"m_{metric.key}_"
            self.fields[prefix + "weight"] = forms.IntegerField(
                label=f"{metric.label}: weight (%)",
                required=False,
                min_value=0,
                max_value=100,
                initial=criterion.weight if criterion else None,
                help_text="Empty or 0: not a criterion.",
            )
            self.fields[prefix + "zero"] = forms.DecimalField(
                label=f"{metric.label}: 0 points at ({metric.unit})",
                required=False,
                initial=criterion.zero_points_at if criterion else metric.zero_points_at,
            )
            self.fields[prefix + "full"] = forms.DecimalField(
                label=f"{metric.label}: 100 points at ({metric.unit})",
                required=False,
                initial=criterion.full_points_at if criterion else metric.full_points_at,
            )
            row = {
                "metric": metric,
                "fields": [prefix + "weight", prefix + "zero", prefix + "full"],
            }
            if metric.has_tolerance:
                self.fields[prefix + "tolerance"] = forms.IntegerField(
                    label=f"{metric.label}: days late still on time",
                    required=False,
                    min_value=0,
                    max_value=30,
                    initial=criterion.tolerance_days if criterion else 0,
                )
                row["fields"].append(prefix + "tolerance")
            self.metric_rows.append(row)
        self.standing_fields = []
        for standing in RANKED_STANDINGS:
            name = f"c_{standing.value}"
            self.fields[name] = forms.MultipleChoiceField(
                label=f"When {standing.label.lower()}",
                required=False,
                choices=Consequence.choices,
                widget=forms.CheckboxSelectMultiple,
                initial=consequences.get(standing.value, []),
            )
            self.standing_fields.append(name)

    def metric_rows_bound(self):
        return [
            {"metric": row["metric"], "fields": [self[name] for name in row["fields"]]}
            for row in self.metric_rows
        ]

    def consequence_fields(self):
        return [self[name] for name in self.standing_fields]

    def service_data(self) -> dict:
        data = self.cleaned_data
        criteria = []
        for metric in METRICS.values():
            prefix = f"m_{metric.key}_"
            weight = data.get(prefix + "weight")
            if not weight:
                continue
            criteria.append(
                {
                    "metric": metric.key,
                    "weight": weight,
                    "zero_points_at": data.get(prefix + "zero"),
                    "full_points_at": data.get(prefix + "full"),
                    "tolerance_days": data.get(prefix + "tolerance") or 0,
                }
            )
        return {
            "period": data["period"],
            "excellent_from": data["excellent_from"],
            "good_from": data["good_from"],
            "needs_improvement_from": data["needs_improvement_from"],
            "criteria": criteria,
            "consequences": {
                standing.value: data.get(f"c_{standing.value}", []) for standing in RANKED_STANDINGS
            },
            "note": data.get("note", ""),
        }


class ManualRatingForm(forms.Form):
    period_start = forms.TypedChoiceField(label="Month rated", coerce=str)
    rating = forms.DecimalField(
        min_value=1, max_value=5, decimal_places=1, help_text="1 (poor) to 5 (excellent)."
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For your organisation only: never shown to the supplier.",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        months = recent_periods(organization_today(organization), "monthly", 24)[::-1]
        self.fields["period_start"].choices = [
            (month.isoformat(), f"{month:%B %Y}") for month in months
        ]

    def clean_period_start(self):
        from datetime import date

        return date.fromisoformat(self.cleaned_data["period_start"])


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm: suspend the supplier"), ("reject", "Reject: keep it")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to sign the decision.",
    )
