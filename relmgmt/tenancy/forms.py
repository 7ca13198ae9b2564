import zoneinfo

from django import forms
from django.contrib.auth import password_validation

from relmgmt.notifications import kinds
from relmgmt.policy import Role
from relmgmt.tenancy.models import Organization
from suppliers import schedule_settings
from suppliers.models import Supplier
from suppliers.models.certificates import CertificateType


class SupplierChoiceMixin:
    """Limits the supplier choice to the organisation's own suppliers (tenancy rule 3)."""

    def limit_suppliers(self, organization):
        self.fields["supplier"].queryset = Supplier.objects.filter(
            organization=organization
        ).select_related("party")


class InvitationForm(SupplierChoiceMixin, forms.Form):
    email = forms.EmailField()
    role = forms.ChoiceField(choices=Role.choices)
    supplier = forms.ModelChoiceField(
        queryset=Supplier.objects.none(),
        required=False,
        help_text="Only for supplier portal users: the supplier they act for.",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_suppliers(organization)


class MembershipForm(SupplierChoiceMixin, forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), required=False)
    expires_at = forms.DateTimeField(
        required=False,
        label="Access ends",
        help_text="In the organisation's time zone. Leave empty for lasting access.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the change is made (kept in the history)."
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_suppliers(organization)


class RemoveMemberForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the person leaves (kept in the history)."
    )


SCHEDULE_FIELDS = (
    "reevaluation_months_critical",
    "reevaluation_months_major",
    "reevaluation_months_minor",
    "reevaluation_remind_days",
    "agreement_first_warning_days",
    "agreement_last_warning_days",
)


class OrganizationSettingsForm(forms.ModelForm):
    timezone = forms.ChoiceField(
        choices=[(tz, tz) for tz in sorted(zoneinfo.available_timezones())]
    )
    required_kinds = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Reminders members may not switch off",
        help_text="Members still choose between at once and the daily digest for these.",
    )
    required_certificate_types = forms.MultipleChoiceField(
        required=False,
        choices=CertificateType.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Certificates required of suppliers",
        help_text="A supplier without a valid certificate of each of these types is flagged.",
    )

    reevaluation_months_critical = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        label="Re-evaluate critical suppliers every (months)",
    )
    reevaluation_months_major = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        label="Re-evaluate major suppliers every (months)",
    )
    reevaluation_months_minor = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=120,
        label="Re-evaluate minor suppliers every (months)",
    )
    reevaluation_remind_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=365,
        label="Remind the owner of a re-evaluation (days before it is due)",
    )
    agreement_first_warning_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="First warning before an agreement's end or review (days)",
    )
    agreement_last_warning_days = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=365,
        label="Last warning before an agreement's end or review (days)",
    )

    class Meta:
        model = Organization
        fields = ["name", "timezone", "require_mfa"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required_kinds"].choices = [
            (kind.key, kind.label) for kind in kinds.all_kinds() if not kind.required
        ]
        self.initial["required_kinds"] = self.instance.settings.get("required_kinds", [])
        self.initial["required_certificate_types"] = self.instance.settings.get(
            "required_certificate_types", []
        )
        self.initial.update(schedule_settings.form_initial(self.instance))

    def supplier_schedule(self) -> dict:
        """The schedule as given; a field left empty keeps its current value."""
        current = schedule_settings.form_initial(self.instance)
        values = {name: self.cleaned_data.get(name) for name in SCHEDULE_FIELDS}
        return {name: current[name] if value is None else value for name, value in values.items()}


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(max_length=150, label="Your name")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        label="Password (again)",
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password = data.get("password")
        if password and password != data.get("password_again"):
            self.add_error("password_again", "The two passwords differ.")
        elif password:
            from relmgmt.accounts.models import User

            try:
                password_validation.validate_password(
                    password, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data
