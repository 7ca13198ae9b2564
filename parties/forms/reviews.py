"""Forms of reviews. They parse and show errors; the services decide."""

from django import forms

from parties.models import Review
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import member_users

SATISFACTION_CHOICES = [
    (1, "1 very dissatisfied"),
    (2, "2 dissatisfied"),
    (3, "3 neither"),
    (4, "4 satisfied"),
    (5, "5 very satisfied"),
]


def satisfaction_field(label: str, help_text: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("", "---------"), *SATISFACTION_CHOICES],
        coerce=int,
        help_text=help_text,
    )


class ReviewCorrectionForm(forms.ModelForm):
    """What a recorded review says; its dates are not changed after the fact."""

    reviewer = MemberChoiceField(queryset=None, label="Reviewer")
    our_satisfaction = satisfaction_field(
        "How satisfied we are with the relationship", "1 (very dissatisfied) to 5 (very satisfied)."
    )
    their_satisfaction = satisfaction_field(
        "How satisfied they are with the relationship",
        "As they told you, or as you judge it from what they said.",
    )

    class Meta:
        model = Review
        fields = ["reviewer", "findings", "needs_changes", "our_satisfaction", "their_satisfaction"]
        widgets = {
            "findings": forms.Textarea(attrs={"rows": 4}),
            "needs_changes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "findings": "What the review found: performance, issues, what goes well.",
            "needs_changes": "Needs or expectations that changed, appeared or went away.",
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, reviewer=member_users)


class ReviewForm(ReviewCorrectionForm):
    reviewed_on = forms.DateField(
        label="Reviewed on", widget=forms.DateInput(attrs={"type": "date"})
    )
    next_review_due = forms.DateField(
        required=False,
        label="Next review due",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: one review cycle after the review date.",
    )

    class Meta(ReviewCorrectionForm.Meta):
        fields = ["reviewed_on", *ReviewCorrectionForm.Meta.fields, "next_review_due"]

    def __init__(self, *args, cadence_months: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_review_due"].help_text = (
            f"Empty: {cadence_months} month{'s' if cadence_months != 1 else ''} "
            "after the review date (the party's review cycle)."
        )

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
