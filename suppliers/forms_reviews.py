"""Forms of re-evaluations, performance reviews and agreements. They parse and show
errors; the services decide. Rows (actions, service levels, disputes) are plain formsets
whose rows the views hand to the services as dicts."""

from django import forms

from parties.forms import MemberChoiceField, ReasonForm
from parties.models import Contact
from suppliers.forms_deliveries import SupplierChoiceField
from suppliers.models import Agreement, Certificate, PerformanceReview, ReEvaluation, Supplier
from suppliers.models.agreements import DisputeStatus
from suppliers.selectors import register as register_selectors

__all__ = ["ReasonForm"]
DATE = forms.DateInput(attrs={"type": "date"})


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.display_name


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
        self.fields["evaluator"].queryset = register_selectors.member_users(
            organization=organization
        )
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


class PerformanceReviewForm(ServiceChecked):
    members = MemberMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Our attendees",
    )
    contacts = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="The supplier's attendees",
    )

    class Meta:
        model = PerformanceReview
        fields = ["held_on", "members", "contacts", "minutes", "decisions"]
        widgets = {
            "held_on": DATE,
            "minutes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, supplier, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = register_selectors.member_users(organization=organization)
        self.fields["contacts"].queryset = Contact.objects.filter(
            organization=organization, party_id=supplier.party_id, erased_at__isnull=True
        ).order_by("name")
        if self.instance.pk:
            self.initial["members"] = [user.pk for user in self.instance.members.all()]
            self.initial["contacts"] = [contact.pk for contact in self.instance.contacts.all()]

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["members"] = list(data.get("members") or [])
        data["contacts"] = list(data.get("contacts") or [])
        return data


class RowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ActionRowForm(RowForm):
    description = forms.CharField(label="Action", max_length=2000)
    owner = MemberChoiceField(queryset=None, label="Owner")
    due_on = forms.DateField(label="Due on", widget=DATE)

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = register_selectors.member_users(organization=organization)


class ServiceLevelRowForm(RowForm):
    measure = forms.CharField(max_length=200)
    target = forms.DecimalField(max_digits=12, decimal_places=3)
    unit = forms.CharField(max_length=30, required=False)


class DisputeRowForm(RowForm):
    raised_on = forms.DateField(label="Raised on", widget=DATE)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    status = forms.ChoiceField(choices=DisputeStatus.choices)
    resolution = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


def row_formset(form_class, *, extra: int = 2):
    return forms.formset_factory(form_class, extra=extra, can_delete=True)


ActionFormSet = row_formset(ActionRowForm)
ServiceLevelFormSet = row_formset(ServiceLevelRowForm)
DisputeFormSet = row_formset(DisputeRowForm, extra=1)


def rows_of(formset) -> list[dict]:
    """The rows to keep: filled in and not marked for deletion."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not form.has_changed():
            continue
        rows.append({key: value for key, value in data.items() if key != "DELETE"})
    return rows


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
            self.fields["supplier"].queryset = register_selectors.suppliers(
                organization=organization
            )

    def service_data(self) -> dict:
        return dict(self.cleaned_data)
