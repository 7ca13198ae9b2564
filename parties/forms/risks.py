"""The form of a risk or opportunity. It parses and shows errors; the service decides."""

from django import forms

from parties.models import Risk
from parties.risk_rating import IMPACT_LABELS, LIKELIHOOD_LABELS
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users


def _scale_field(label: str, labels: dict, help_text: str) -> forms.TypedChoiceField:
    scale = [(value, f"{value} {text.lower()}") for value, text in labels.items()]
    choices = [("", "---------"), *scale]
    return forms.TypedChoiceField(label=label, choices=choices, coerce=int, help_text=help_text)


class RiskForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, required=False, label="Owner")
    likelihood = _scale_field("Likelihood", LIKELIHOOD_LABELS, "How likely it is to happen.")
    impact = _scale_field(
        "Impact", IMPACT_LABELS, "How much it would affect the QMS or the relationship."
    )
    review_on = forms.DateField(
        required=False, label="Review on", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Risk
        fields = [
            "kind",
            "description",
            "likelihood",
            "impact",
            "treatment",
            "owner",
            "review_on",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "treatment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "treatment": "What you do about it: avoid, reduce, accept, or pursue and exploit.",
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, owner=owner_users)
