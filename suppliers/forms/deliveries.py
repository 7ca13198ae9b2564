from django import forms

from relmgmt.core.forms import limit_choices
from suppliers.models import Delivery, Supplier
from suppliers.selectors import register as register_selectors
from suppliers.services import deliveries as services


class SupplierChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, supplier):
        return f"{supplier.code} · {supplier.party.name}"


class DeliveryForm(forms.ModelForm):
    supplier = SupplierChoiceField(queryset=Supplier.objects.none())

    class Meta:
        model = Delivery
        fields = list(services.FIELDS)
        widgets = {
            "promised_date": forms.DateInput(attrs={"type": "date"}),
            "received_date": forms.DateInput(attrs={"type": "date"}),
            "rejection_reason": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, supplier=register_selectors.suppliers)
        for name, limit in services.MAX_LENGTH.items():
            self.fields[name].widget.attrs["maxlength"] = str(limit)
        for name in ("quantity_ordered", "quantity_received", "quantity_rejected"):
            self.fields[name].widget.attrs["min"] = "0"

    def _post_clean(self):
        """The service checks the record and its rules, naming each problem by its field."""

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class DeleteForm(forms.Form):
    reason = forms.CharField(
        label="Why is this delivery deleted?",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
