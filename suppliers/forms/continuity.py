"""Forms of supply continuity: a category's backup supplier, a contingency plan. They parse
and show errors; the services decide."""

from django import forms

from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users
from suppliers.forms.deliveries import SupplierChoiceField
from suppliers.forms.reevaluations import DATE, ServiceChecked
from suppliers.models import ContingencyPlan, Supplier
from suppliers.selectors import register as register_selectors


class BackupForm(forms.Form):
    backup_supplier = SupplierChoiceField(
        queryset=Supplier.objects.none(),
        required=False,
        label="Backup supplier",
        help_text="Approved, or being evaluated (prospective or under evaluation).",
    )
    backup_due_on = forms.DateField(
        required=False,
        widget=DATE,
        label="Backup decided by",
        help_text="For a backup still being evaluated: when its evaluation is due to end.",
    )
    notes = forms.CharField(
        required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, backup_supplier=register_selectors.suppliers)


class ContingencyPlanForm(ServiceChecked):
    supplier = SupplierChoiceField(queryset=Supplier.objects.none(), required=False)
    owner = MemberChoiceField(queryset=None, required=False, label="Owner")

    class Meta:
        model = ContingencyPlan
        fields = [
            "title",
            "category",
            "supplier",
            "trigger",
            "actions",
            "owner",
            "last_tested_on",
            "review_every_months",
        ]
        widgets = {
            "last_tested_on": DATE,
            "trigger": forms.Textarea(attrs={"rows": 2}),
            "actions": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            organization=organization,
            supplier=register_selectors.suppliers,
            owner=owner_users,
        )

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
