"""Forms of the supplier portal's proposals and of the buyer's answer to them. They parse;
the services decide."""

from django import forms


class ContactProposalForm(forms.Form):
    name = forms.CharField(max_length=200)
    job_title = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=50, required=False)
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A note to your customer (optional).",
    )


class AddressProposalForm(forms.Form):
    address = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="A note to your customer (optional).",
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why it is rejected; the supplier reads it.",
    )
