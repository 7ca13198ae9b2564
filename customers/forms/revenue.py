from django import forms

from customers.models import Revenue
from customers.services import revenue as services
from parties.models import Interaction, Party


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, party):
        return party.name


class RevenueForm(forms.ModelForm):
    party = PartyChoiceField(queryset=Party.objects.none(), label="Customer")

    class Meta:
        model = Revenue
        fields = list(services.FIELDS)
        widgets = {"period_start": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(organization=organization)
        for name in ("amount", "category_spend"):
            self.fields[name].widget.attrs["min"] = "0"

    def _post_clean(self):
        """The service checks the record and its rules, naming each problem by its field."""

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class LossForm(forms.Form):
    party = PartyChoiceField(queryset=Party.objects.none(), label="Customer")
    lost_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Lost on")
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    learned_by = forms.ChoiceField(
        choices=[("", "Not from a conversation"), *Interaction.Kind.choices],
        required=False,
        label="Learned in",
        help_text="Recorded on the party as an interaction; its owner gets a follow-up to "
        "try to win the customer back.",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = Party.objects.filter(organization=organization)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why is this revenue deleted?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
