"""Forms of agreements with suppliers, with their service levels and disputes as row
formsets. They parse and show errors; the services decide."""

from django import forms

from relmgmt.core.forms import limit_choices
from suppliers.forms.deliveries import SupplierChoiceField
from suppliers.forms.performance_reviews import RowForm, row_formset
from suppliers.forms.reevaluations import DATE, ServiceChecked
from suppliers.models import Agreement, Supplier
from suppliers.models.agreements import DisputeStatus, ServiceLevelMetric
from suppliers.selectors import register as register_selectors


class ServiceLevelRowForm(RowForm):
    measure = forms.CharField(max_length=200)
    target = forms.DecimalField(max_digits=12, decimal_places=3)
    unit = forms.CharField(max_length=30, required=False)
    metric = forms.ChoiceField(
        choices=ServiceLevelMetric.choices, required=False, label="Compared with"
    )


class DisputeRowForm(RowForm):
    raised_on = forms.DateField(label="Raised on", widget=DATE)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(choices=DisputeStatus.choices)
    resolution = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    closed_on = forms.DateField(
        label="Closed on", required=False, widget=DATE, help_text="Today when left empty."
    )


ServiceLevelFormSet = row_formset(ServiceLevelRowForm)
DisputeFormSet = row_formset(DisputeRowForm, extra=1)


class AgreementForm(ServiceChecked):
    supplier = SupplierChoiceField(queryset=Supplier.objects.none())

    class Meta:
        model = Agreement
        fields = [
            "supplier",
            "contract_reference",
            "title",
            "status",
            "starts_on",
            "ends_on",
            "review_on",
            "exit_plan",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "review_on": DATE,
            "exit_plan": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "review_on": "When the agreement is next reviewed; warned of like its end.",
            "exit_plan": "How supply continues if the agreement ends: alternatives, stock, "
            "transfer of tooling and data.",
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["supplier"]
        else:
            limit_choices(self, organization=organization, supplier=register_selectors.suppliers)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
