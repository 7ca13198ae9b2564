"""The forms of the management review: its planning, the inputs entered by hand, its
outputs, an action, and the signature of its minutes."""

from django import forms

from qms.models import ManagementReview, ManagementReviewAction
from qms.selectors.reviews import entered_keys
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users

DATE = forms.DateInput(attrs={"type": "date"})


class ReviewForm(forms.ModelForm):
    class Meta:
        model = ManagementReview
        fields = ["title", "meeting_date", "period_start", "period_end", "attendees"]
        widgets = {
            "meeting_date": DATE,
            "period_start": DATE,
            "period_end": DATE,
            "attendees": forms.Textarea(attrs={"rows": 3}),
        }


class ReviewRecordForm(forms.Form):
    """What is written during the review: the sections entered by hand (while in
    preparation) and the outputs (9.3.3)."""

    attendees = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(
        label="Decisions: opportunities for improvement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    qms_changes = forms.CharField(
        label="Changes to the QMS", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resource_needs = forms.CharField(
        label="Resource needs", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, review: ManagementReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.entered_fields = []
        if not review.is_frozen:
            for key, label in entered_keys():
                name = f"entered_{key}"
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    initial=(review.entered or {}).get(key, ""),
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
                self.entered_fields.append(name)
        for name in ("attendees", "decisions", "qms_changes", "resource_needs"):
            self.fields[name].initial = getattr(review, name)

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name]
            for name in ("attendees", "decisions", "qms_changes", "resource_needs")
        }
        if self.entered_fields:
            data["entered"] = {
                name.removeprefix("entered_"): self.cleaned_data[name]
                for name in self.entered_fields
            }
        return data


class ActionForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, label="Owner")

    class Meta:
        model = ManagementReviewAction
        fields = ["description", "owner", "due_date"]
        widgets = {"due_date": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, owner=owner_users)


class ApproveForm(forms.Form):
    password = forms.CharField(
        widget=forms.PasswordInput, help_text="Sign the minutes with your password."
    )
