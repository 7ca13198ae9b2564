"""Forms of nonconformities: the record, a move through its states (with the disposition
and the signature)."""

from django import forms

from corrective_actions.forms.common import MultipleFileField, loosen_long_text
from corrective_actions.models import Nonconformity
from corrective_actions.models.nonconformities import Disposition
from feedback.selectors.complaints import complaints
from parties.selectors.register import parties
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users
from suppliers.selectors.deliveries import deliveries
from suppliers.selectors.register import suppliers


class NonconformityForm(forms.ModelForm):
    party = forms.ModelChoiceField(queryset=None, required=False)
    supplier = forms.ModelChoiceField(queryset=None, required=False)
    delivery = forms.ModelChoiceField(queryset=None, required=False)
    complaint = forms.ModelChoiceField(queryset=None, required=False)
    owner = MemberChoiceField(queryset=None, required=False)
    attachments = MultipleFileField()
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the change (kept in the history)."
    )

    class Meta:
        model = Nonconformity
        fields = [
            "source",
            "category",
            "severity",
            "title",
            "description",
            "location",
            "occurred_on",
            "quantity_affected",
            "party",
            "supplier",
            "delivery",
            "complaint",
            "owner",
            "containment",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "containment": forms.Textarea(attrs={"rows": 3}),
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            organization=organization,
            party=parties,
            supplier=suppliers,
            delivery=deliveries,
            complaint=complaints,
            owner=owner_users,
        )
        loosen_long_text(self, "description", "containment")
        self.fields.pop("attachments" if self.instance.pk else "reason")

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("attachments", "reason")}


class NcTransitionForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    disposition = forms.ChoiceField(
        choices=[("", "—"), *Disposition.choices], required=False, label="Disposition"
    )
    customer_authorisation = forms.CharField(
        required=False,
        max_length=300,
        label="Customer's authorisation",
        help_text="For a concession: who at the customer authorised it, and the reference.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password",
        help_text="To approve a disposition: your signature.",
    )
