"""Forms of contacts: the person, their consent, and the erasure of their personal data.
They parse and show errors; the services decide."""

from django import forms
from django.utils import timezone

from parties.models import Contact


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "job_title", "email", "phone", "preferred_channel"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class ConsentForm(forms.Form):
    given_at = forms.DateTimeField(
        label="Consent given at", widget=DateTimeInput, help_text="Empty: now."
    )
    method = forms.CharField(
        label="How consent was given",
        max_length=200,
        help_text="For example: signed form at the trade fair, reply to our email of 3 May.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_at"].required = False
        self.fields["given_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class WithdrawConsentForm(forms.Form):
    withdrawn_at = forms.DateTimeField(
        label="Consent withdrawn at", widget=DateTimeInput, required=False, help_text="Empty: now."
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        help_text=(
            "For example: erasure requested by email on 3 May. Do not name the person: "
            "the reason stays in the history for good."
        ),
    )
    confirm = forms.BooleanField(
        label="I understand that the personal data are removed for good, history included."
    )
