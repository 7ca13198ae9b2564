"""Forms of the supplier register. They parse and show errors; the services decide."""

from django import forms

from parties.forms import MemberChoiceField, ReasonForm
from suppliers.models import Supplier
from suppliers.models.certificates import CertificateType
from suppliers.models.register import Category
from suppliers.selectors import register as register_selectors
from suppliers.services.approval import Action

__all__ = [
    "ReasonForm",
    "SupplierForm",
    "TransitionForm",
    "AslDateForm",
    "CertificateForm",
    "CertificateDeleteForm",
]


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, party):
        return party.name


class SupplierForm(forms.ModelForm):
    name = forms.CharField(
        max_length=200,
        required=False,
        help_text="The supplier's name in the register of parties.",
    )
    party = PartyChoiceField(
        queryset=None,
        required=False,
        label="Or an existing party",
        empty_label="— a new party of this name —",
        help_text="A party already in the register becomes this supplier (it gains the "
        "supplier type).",
    )
    categories = forms.MultipleChoiceField(
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        label="What it supplies",
        help_text="One or more.",
    )
    owner = MemberChoiceField(queryset=None, required=False, label="Relationship owner")
    next_evaluation_due = forms.DateField(
        required=False,
        label="Next re-evaluation",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: set when the supplier is approved, by its criticality.",
    )

    class Meta:
        model = Supplier
        fields = ["name", "party", "code", "categories", "criticality", "owner"]

    field_order = [
        "name",
        "party",
        "code",
        "categories",
        "criticality",
        "owner",
        "next_evaluation_due",
    ]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = register_selectors.member_users(organization=organization)
        if self.instance.pk:
            del self.fields["party"]
            self.fields["name"].required = True
            self.initial["name"] = self.instance.party.name
            self.initial["next_evaluation_due"] = self.instance.next_evaluation_due
        else:
            self.fields["party"].queryset = register_selectors.parties_without_supplier(
                organization=organization
            )
        # The service checks uniqueness (case-insensitively) and the organisation's rules.
        self.instance.organization_id = organization.pk

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and not cleaned.get("name") and not cleaned.get("party"):
            self.add_error("name", "Give the supplier's name, or choose an existing party.")
        return cleaned

    def validate_unique(self):
        pass

    def _post_clean(self):
        # The model's own checks run in the service, which knows about the party.
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


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
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to sign the change.",
    )

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
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


class CertificateForm(forms.Form):
    """A certificate's details and file; the service checks the file's content and size."""

    type = forms.ChoiceField(choices=CertificateType.choices)
    issuer = forms.CharField(
        max_length=200, help_text="Who issued it, e.g. the certification body."
    )
    number = forms.CharField(max_length=100, required=False, label="Certificate number")
    valid_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label="Valid until", widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(
        help_text="A PDF, PNG or JPEG file (checked by its content), at most {limit} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the change (kept in the history)."
    )

    def __init__(self, *args, certificate=None, max_megabytes: str = "10", **kwargs):
        if certificate is not None:
            kwargs.setdefault(
                "initial",
                {field: getattr(certificate, field) for field in self.service_fields},
            )
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(limit=max_megabytes)
        if certificate is None:
            del self.fields["reason"]
        else:
            self.fields["file"].required = False
            self.fields["file"].label = "Replace the file"
            self.fields["file"].help_text = (
                f"Now: {certificate.original_name}. Empty: keep it. "
                + self.fields["file"].help_text
            )

    service_fields = ("type", "issuer", "number", "valid_from", "valid_to")

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.service_fields}


class CertificateDeleteForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the certificate is deleted (kept in the history).",
    )
