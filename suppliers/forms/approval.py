"""Forms of supplier approval: a transition of status (with its reason, signed where it
must be), and the day of the approved supplier list."""

from django import forms

from suppliers.services.approval import Action


class TransitionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Why: the evaluation, audit or event behind the change (kept as evidence).",
    )
    conditions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="What the supplier must do or keep to while conditionally approved.",
    )
    conditions_until = forms.DateField(
        required=False,
        label="Conditions end on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    certificate_override = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        label="Reason to approve without the required certificate",
        help_text="Only when a required certificate is missing or expired: why the supplier "
        "is approved anyway (recorded in the approval history and shown on the supplier).",
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to sign the change.",
    )

    def __init__(self, *args, action: Action, certificate_gaps=(), **kwargs):
        super().__init__(*args, **kwargs)
        if action.key not in ("approve", "approve_conditionally") or not certificate_gaps:
            del self.fields["certificate_override"]
        if action.key != "approve_conditionally":
            del self.fields["conditions"]
            del self.fields["conditions_until"]
        if not action.signed:
            del self.fields["password"]
        else:
            self.fields["password"].required = True


class AslDateForm(forms.Form):
    date = forms.DateField(
        required=False,
        label="As of",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: today.",
    )
