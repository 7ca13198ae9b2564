"""Forms of corrective actions: the record, a move through its states, an action step, and
the analysis's whys and fishbone causes (edited with htmx on the page)."""

from functools import cache

from django import forms

from corrective_actions.forms.common import loosen_long_text
from corrective_actions.models import ActionStep, CorrectiveAction
from corrective_actions.models.root_cause import FishboneCategory
from corrective_actions.selectors.nonconformities import nonconformities
from feedback.selectors.complaints import complaints
from feedback.selectors.surveys import loop_response
from parties.selectors.register import parties
from parties.selectors.risks import risks
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users
from suppliers.selectors.register import party_and_supplier_choices, suppliers

LONG = (
    "problem_statement",
    "containment",
    "effectiveness_criterion",
    "risks_updated",
    "qms_changes",
)


class CorrectiveActionForm(forms.ModelForm):
    nonconformity = forms.ModelChoiceField(queryset=None, required=False)
    complaint = forms.ModelChoiceField(queryset=None, required=False)
    party = forms.ModelChoiceField(queryset=None, required=False)
    supplier = forms.ModelChoiceField(queryset=None, required=False)
    risk = forms.ModelChoiceField(queryset=None, required=False, label="Risk or opportunity")
    survey_response = forms.ModelChoiceField(
        queryset=None, required=False, label="Survey answer (followed up)"
    )
    owner = MemberChoiceField(queryset=None)
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the change (kept in the history)."
    )

    class Meta:
        model = CorrectiveAction
        fields = [
            "source",
            "source_reference",
            "nonconformity",
            "complaint",
            "party",
            "supplier",
            "risk",
            "survey_response",
            "category",
            "severity",
            "title",
            "problem_statement",
            "containment",
            "owner",
            "effectiveness_criterion",
            "risks_updated",
            "qms_changes",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in LONG}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            organization=organization,
            nonconformity=nonconformities,
            complaint=complaints,
            party=parties,
            supplier=suppliers,
            risk=risks,
            survey_response=loop_response,
            owner=owner_users,
        )
        # Parties and suppliers are offered from one query, read when the form is shown
        # (choosing still checks the fields' querysets).
        both = cache(lambda: party_and_supplier_choices(organization=organization))

        def offered(index: int, empty_label: str):
            return lambda: [("", empty_label), *both()[index]]

        for index, name in enumerate(("party", "supplier")):
            self.fields[name].choices = offered(index, self.fields[name].empty_label)
        loosen_long_text(self, *LONG)
        if not self.instance.pk:
            self.fields.pop("reason")

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class CaTransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The decision's reason, how the actions were verified, or the check's result.",
    )
    criterion = forms.CharField(
        required=False,
        label="Effectiveness criterion",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="To verify: what will show the actions worked (if not given yet).",
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="To close: your signature.",
    )


class StepForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None)
    reason = forms.CharField(required=False, max_length=500)

    class Meta:
        model = ActionStep
        fields = ["description", "owner", "due_on", "status", "evidence"]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, owner=owner_users)
        loosen_long_text(self, "evidence")
        if not self.instance.pk:
            self.fields.pop("reason")

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class WhyForm(forms.Form):
    why = forms.CharField(max_length=500, label="Why?")
    because = forms.CharField(max_length=500, required=False, label="Because")


class CauseForm(forms.Form):
    category = forms.ChoiceField(choices=FishboneCategory.choices)
    cause = forms.CharField(max_length=500)
    is_root = forms.BooleanField(required=False, label="Root cause")


class SummaryForm(forms.Form):
    summary = forms.CharField(
        required=False, label="Root cause in words", widget=forms.Textarea(attrs={"rows": 3})
    )
