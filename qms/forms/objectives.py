"""The form of a quality objective. It parses and shows errors; the service decides."""

from django import forms

from qms.models import QualityObjective
from qms.selectors.kpis import kpi_choices
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users

DATE = forms.DateInput(attrs={"type": "date"})


class ObjectiveForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, label="Owner")
    kpi = forms.ChoiceField(label="KPI", choices=(), help_text="What measures it.")

    class Meta:
        model = QualityObjective
        fields = ["title", "kpi", "target", "period_start", "period_end", "owner", "actions"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "actions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"target": "Reached at or above it (or at or below, for a KPI where lower "
                      "is better, such as PPM)."}  # fmt: skip

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kpi"].choices = [("", "---------"), *kpi_choices()]
        limit_choices(self, organization=organization, owner=owner_users)
