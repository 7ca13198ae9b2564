"""Forms of the supplier register. They parse and show errors; the services decide."""

from django import forms

from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users
from suppliers.models import Supplier
from suppliers.models.register import Category
from suppliers.selectors import register as register_selectors


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
        limit_choices(self, organization=organization, owner=owner_users)
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
