import zoneinfo

from django import forms


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=50,
        label="Address",
        help_text="The organisation's pages live under /o/<address>/.",
    )
    timezone = forms.ChoiceField(
        choices=[(tz, tz) for tz in sorted(zoneinfo.available_timezones())], initial="UTC"
    )
    admin_email = forms.EmailField(
        label="First admin's email",
        help_text="They receive a link to set their password; it works once and expires.",
    )


class AdminInviteForm(forms.Form):
    email = forms.EmailField()
    replace = forms.BooleanField(
        required=False,
        label="Replace the current admins",
        help_text="Their access ends now; the invited person becomes the only admin.",
    )
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why (kept in the organisation's history)."
    )


class SuspensionForm(forms.Form):
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why (kept in the organisation's history)."
    )
