import zoneinfo

from django import forms
from django.contrib.auth import password_validation

from relmgmt.core import extensions
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership, Organization

# What a supplier portal user acts for (a model of the suppliers app, named by the membership).
Supplier = Membership._meta.get_field("supplier").related_model


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
    access_ends_on = forms.DateField(
        required=False,
        label="Access ends on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="For an external auditor: the last day of their access, which then ends by "
        "itself. Leave empty for lasting access.",
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


class OrganizationSettingsForm(forms.ModelForm):
    """The organisation's own settings, then each section a domain app registered
    (``relmgmt.core.extensions.settings_sections``), its fields named as they are posted."""

    timezone = forms.ChoiceField(
        choices=[(tz, tz) for tz in sorted(zoneinfo.available_timezones())]
    )

    class Meta:
        model = Organization
        fields = ["name", "timezone", "require_mfa"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for section in extensions.settings_sections:
            self.fields.update(section.form_fields())
            self.initial.update(section.initial(self.instance))

    def section_values(self) -> dict:
        """Each section's value, by the section's key, as ``organization_update`` takes it."""
        return {
            section.key: section.value_from_form(self.instance, self.cleaned_data)
            for section in extensions.settings_sections
        }


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
