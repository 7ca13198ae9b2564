"""Forms of requests to suppliers: the buyer's (raise, return, close) and the supplier's
response through the portal. They parse; the services decide."""

from django import forms

from suppliers.services.requests import CORRECTIVE_ACTION_IS_8D, NEW_KINDS

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
FILE_INPUT = forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})


class RespondForm(forms.Form):
    response = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), label="Your response")
    file = forms.FileField(
        required=False,
        widget=FILE_INPUT,
        help_text="Optional: a PDF, PNG or JPEG file (checked by its content).",
    )


class SupplierRequestForm(forms.Form):
    # A corrective action is asked as an 8D: not offered for a new request.
    kind = forms.ChoiceField(
        choices=[(kind.value, kind.label) for kind in NEW_KINDS],
        help_text=CORRECTIVE_ACTION_IS_8D,
    )
    subject = forms.CharField(max_length=200)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), help_text="What you ask; the supplier reads it."
    )
    internal_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For your organisation only: the supplier never sees it.",
    )
    due_date = forms.DateField(widget=DATE_INPUT)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the supplier must add or change; the supplier reads it.",
    )
    due_date = forms.DateField(
        required=False, widget=DATE_INPUT, label="New due date", help_text="Empty: keep it."
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why it is closed (kept in the history)."
    )
