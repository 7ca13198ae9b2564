"""Forms of suppliers' 8Ds: issuing one, the buyer's review of a step, a note, the
cancellation, and the supplier's answer to a step in the portal."""

from django import forms

from corrective_actions.forms.common import MultipleFileField, loosen_long_text
from corrective_actions.models.scars import Discipline
from corrective_actions.services.scars import REVIEW_CHOICES
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users
from suppliers.selectors.register import suppliers


class ScarForm(forms.Form):
    supplier = forms.ModelChoiceField(queryset=None)
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="What is wrong and what is asked",
        help_text="The supplier reads it.",
    )
    internal_note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="For your colleagues only: never shown to the supplier.",
    )
    owner = MemberChoiceField(queryset=None, required=False, help_text="Who reviews the steps.")

    def __init__(self, *args, organization, with_supplier=True, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, supplier=suppliers, owner=owner_users)
        if not with_supplier:
            del self.fields["supplier"]
        loosen_long_text(self, "description", "internal_note")

    def service_data(self) -> dict:
        return {
            key: self.cleaned_data.get(key)
            for key in ("title", "description", "internal_note", "owner")
        }


class ReviewForm(forms.Form):
    discipline = forms.TypedChoiceField(choices=Discipline.choices, coerce=int)
    action = forms.ChoiceField(choices=REVIEW_CHOICES)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Internal note",
        help_text="Kept in the history for your colleagues; never shown to the supplier.",
    )


class CheckForm(forms.Form):
    """The effectiveness check's result, or the closure's signature."""

    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The check's result: what shows the supplier's actions worked (or not).",
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="To close: your signature.",
    )


class CancelForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))


class StepAnswerForm(forms.Form):
    discipline = forms.TypedChoiceField(
        choices=Discipline.choices, coerce=int, widget=forms.HiddenInput
    )
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}))
    is_not = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Is not",
        help_text="D2: where, when and what the problem is not.",
    )
    escape_point = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="D4: where the problem should have been caught and was not.",
    )
    attachments = MultipleFileField()

    def __init__(self, *args, discipline=None, **kwargs):
        super().__init__(*args, **kwargs)
        if discipline is not None:
            self.fields["discipline"].initial = discipline
            if discipline != Discipline.D2:
                del self.fields["is_not"]
            if discipline != Discipline.D4:
                del self.fields["escape_point"]
        loosen_long_text(self, "answer", "is_not", "escape_point")
