from django import forms

from relmgmt.core.forms import limit_choices
from suppliers.forms.deliveries import SupplierChoiceField
from suppliers.models import Supplier, SupplierSpend
from suppliers.selectors import register as register_selectors
from suppliers.services import spend as services


class SpendForm(forms.ModelForm):
    supplier = SupplierChoiceField(queryset=Supplier.objects.none())

    class Meta:
        model = SupplierSpend
        fields = list(services.FIELDS)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, supplier=register_selectors.suppliers)
        self.fields["amount"].widget.attrs["min"] = "0"
        self.fields["year"].widget.attrs["min"] = str(services.FIRST_YEAR)

    def _post_clean(self):
        """The service checks the record and its rules, naming each problem by its field."""

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why is this spend deleted?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
