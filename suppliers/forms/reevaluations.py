"""Forms of re-evaluations. They parse and show errors; the services decide."""

from django import forms

from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import member_users
from suppliers.models import Certificate, ReEvaluation

DATE = forms.DateInput(attrs={"type": "date"})


class CertificateChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, certificate):
        number = f" {certificate.number}" if certificate.number else ""
        return (
            f"{certificate.get_type_display()}{number} ({certificate.issuer}), "
            f"valid until {certificate.valid_to:%Y-%m-%d}"
        )


class ServiceChecked(forms.ModelForm):
    def _post_clean(self):
        """The service checks the record and its rules, naming each problem by its field."""


class ReEvaluationForm(ServiceChecked):
    evaluator = MemberChoiceField(queryset=None, label="Evaluator")
    certificates = CertificateChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Certificates reviewed",
        help_text="A copy of each one's type, number and validity is kept with the record.",
    )
    password = forms.CharField(
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        label="Your password (signature)",
        help_text="Needed when the decision approves, suspends or disqualifies the supplier "
        "(a change of its approval status that is signed).",
    )

    class Meta:
        model = ReEvaluation
        fields = [
            "evaluated_on",
            "evaluator",
            "certificates",
            "audit_on",
            "audit_result",
            "audit_reference",
            "audit_notes",
            "other_evidence",
            "decision",
            "reason",
            "conditions",
            "conditions_until",
            "next_evaluation_due",
        ]
        widgets = {
            "evaluated_on": DATE,
            "audit_on": DATE,
            "conditions_until": DATE,
            "next_evaluation_due": DATE,
            "decision": forms.RadioSelect,
            "audit_notes": forms.Textarea(attrs={"rows": 2}),
            "other_evidence": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "other_evidence": "Anything else looked at: visits, complaints, corrective actions.",
            "conditions": "Only for a decision to continue with conditions.",
            "conditions_until": "When the conditional approval ends.",
        }

    def __init__(self, *args, organization, supplier, next_due_default, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, evaluator=member_users)
        self.fields["certificates"].queryset = Certificate.objects.filter(
            organization=organization, supplier=supplier
        ).order_by("type", "-valid_to", "-id")
        self.fields["next_evaluation_due"].required = False
        self.fields["next_evaluation_due"].help_text = (
            f"Empty: {next_due_default}, from the organisation's re-evaluation interval for "
            f"{supplier.get_criticality_display().lower()} suppliers."
        )
        self.fields["decision"].choices = self.fields["decision"].choices[1:]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("password", None)
        data["certificates"] = list(data.get("certificates") or [])
        return data
