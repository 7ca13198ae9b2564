"""Forms of the register (parties and their needs). They parse and show errors; the
services decide."""

from django import forms

from parties.models import Need, Party, PartyType
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users


class PartyForm(forms.ModelForm):
    types = forms.MultipleChoiceField(
        choices=PartyType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more.",
    )
    tags = forms.CharField(
        required=False, help_text="Separated by commas, for example: automotive, key account."
    )
    owner = MemberChoiceField(queryset=None, required=False, label="Relationship owner")
    website = forms.URLField(required=False, assume_scheme="https")
    next_review_due = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: one review cycle from today.",
    )

    class Meta:
        model = Party
        fields = [
            "name",
            "types",
            "tier",
            "status",
            "owner",
            "influence",
            "interest",
            "description",
            "tags",
            "website",
            "address",
            "review_cadence_months",
            "next_review_due",
        ]
        widgets = {
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "influence": "1 (little) to 5 (decisive): how much the party can affect your QMS.",
            "interest": "1 (little) to 5 (intense): how much your QMS affects the party.",
            "review_cadence_months": (
                "Empty: by tier (strategic 3, managed 6, transactional 12 months)."
            ),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, owner=owner_users)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags)
        # The service checks uniqueness (case-insensitively) and the organisation's rules.
        self.instance.organization_id = organization.pk

    def validate_unique(self):
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["description", "qms_relevant", "monitoring", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "monitoring": forms.Textarea(attrs={"rows": 2}),
        }
