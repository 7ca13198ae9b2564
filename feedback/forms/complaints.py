"""Forms of the complaints register: a member's complaint form, a move through the states,
attachments, and the public form (with its honeypot)."""

from django import forms

from feedback.models import Complaint
from feedback.models.complaints import Category
from parties.selectors.contacts import contacts
from parties.selectors.register import parties
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import member_users


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, contact):
        return f"{contact.name} ({contact.party.name})"


class ComplaintForm(forms.ModelForm):
    party = forms.ModelChoiceField(queryset=None, required=False)
    contact = ContactChoiceField(queryset=None, required=False)
    owner = MemberChoiceField(queryset=None, required=False)
    attachments = MultipleFileField(
        help_text="PDF, PNG or JPEG files, checked by their content (at most 5)."
    )
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the change (kept in the history)."
    )

    class Meta:
        model = Complaint
        fields = [
            "party",
            "new_party_name",
            "contact",
            "complainant_name",
            "complainant_email",
            "complainant_phone",
            "channel",
            "category",
            "severity",
            "reference_number",
            "subject",
            "description",
            "owner",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self, organization=organization, party=parties, contact=contacts, owner=member_users
        )
        # The description's length is checked by the service, with the length named.
        self.fields["description"].max_length = None
        self.fields["description"].widget.attrs.pop("maxlength", None)
        self.fields["description"].validators = []
        if self.instance.pk:
            self.fields.pop("attachments")
        else:
            self.fields.pop("reason")

    def _post_clean(self):
        # The service validates the model; the form only parses.
        pass

    def service_data(self) -> dict:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("attachments", "reason")
        }


class TransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a resolution: what the customer was told.",
    )


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(required=True, help_text="PDF, PNG or JPEG files.")


class PublicComplaintForm(forms.Form):
    """The organisation's public form. ``website`` is a honeypot: hidden from people (by the
    stylesheet), filled only by robots."""

    name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(
        label="Your email",
        help_text="We send the reference and a link to follow your complaint here.",
    )
    phone = forms.CharField(label="Your phone (optional)", max_length=50, required=False)
    organization_name = forms.CharField(
        label="Your company (optional)", max_length=200, required=False
    )
    category = forms.ChoiceField(label="What is it about?", choices=Category.choices)
    reference_number = forms.CharField(
        label="Product or order reference (optional)", max_length=100, required=False
    )
    subject = forms.CharField(max_length=200)
    description = forms.CharField(label="What happened?", widget=forms.Textarea(attrs={"rows": 8}))
    attachments = MultipleFileField(help_text="Photos or documents: PDF, PNG or JPEG, at most 5.")
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("attachments", "website")}
