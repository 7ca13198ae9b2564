"""Forms of the register. They parse and show errors; the services decide."""

from django import forms
from django.db.models import Q
from django.utils import timezone

from parties.models import (
    Contact,
    FollowUp,
    Interaction,
    Need,
    Party,
    PartyType,
    PlanSection,
    RelationshipPlan,
)
from parties.selectors import contacts as contact_selectors
from parties.selectors import register as party_selectors


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.display_name


class PartyForm(forms.ModelForm):
    types = forms.MultipleChoiceField(
        choices=PartyType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="One or more.",
    )
    tags = forms.CharField(
        required=False, help_text="Separated by commas, for example: automotive, key account."
    )
    owner = MemberChoiceField(queryset=None, required=False, label="Relationship owner")
    website = forms.URLField(required=False, assume_scheme="https")
    next_review_due = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Empty: one review cycle from today.",
    )

    class Meta:
        model = Party
        fields = [
            "name",
            "types",
            "tier",
            "status",
            "owner",
            "influence",
            "interest",
            "description",
            "tags",
            "website",
            "address",
            "review_cadence_months",
            "next_review_due",
        ]
        widgets = {
            "influence": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "interest": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "address": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "influence": "1 (little) to 5 (decisive): how much the party can affect your QMS.",
            "interest": "1 (little) to 5 (intense): how much your QMS affects the party.",
            "review_cadence_months": (
                "Empty: by tier (strategic 3, managed 6, transactional 12 months)."
            ),
        }

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = party_selectors.member_users(organization=organization)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(self.instance.tags)
        # The service checks uniqueness (case-insensitively) and the organisation's rules.
        self.instance.organization_id = organization.pk

    def validate_unique(self):
        pass

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["description", "qms_relevant", "monitoring", "status"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "monitoring": forms.Textarea(attrs={"rows": 2}),
        }


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why the change (kept in the record's history).",
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "job_title", "email", "phone", "preferred_channel"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        return value.strftime("%Y-%m-%dT%H:%M") if hasattr(value, "strftime") else value


class ConsentForm(forms.Form):
    given_at = forms.DateTimeField(
        label="Consent given at", widget=DateTimeInput, help_text="Empty: now."
    )
    method = forms.CharField(
        label="How consent was given",
        max_length=200,
        help_text="For example: signed form at the trade fair, reply to our email of 3 May.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_at"].required = False
        self.fields["given_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class WithdrawConsentForm(forms.Form):
    withdrawn_at = forms.DateTimeField(
        label="Consent withdrawn at", widget=DateTimeInput, required=False, help_text="Empty: now."
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        help_text=(
            "For example: erasure requested by email on 3 May. Do not name the person: "
            "the reason stays in the history for good."
        ),
    )
    confirm = forms.BooleanField(
        label="I understand that the personal data are removed for good, history included."
    )


class InteractionForm(forms.ModelForm):
    contacts = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Contacts taking part",
    )
    members = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Members taking part",
    )

    class Meta:
        model = Interaction
        fields = ["kind", "occurred_on", "summary", "decisions", "contacts", "members"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization, party, **kwargs):
        super().__init__(*args, **kwargs)
        # Erased contacts cannot be added, but stay where they took part.
        taking_part = Q(erased_at__isnull=True)
        if self.instance.pk:
            taking_part |= Q(interactions=self.instance)
        self.fields["contacts"].queryset = (
            contact_selectors.contacts(organization=organization, party=party)
            .filter(taking_part)
            .distinct()
        )
        self.fields["members"].queryset = party_selectors.member_users(organization=organization)
        self.fields["members"].label_from_instance = lambda user: user.display_name

    def _save_m2m(self):
        pass  # the service writes the participants


class FollowUpForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None)

    class Meta:
        model = FollowUp
        fields = ["description", "owner", "due_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"due_on": "The owner is reminded on this day, and again if it is late."}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = party_selectors.member_users(organization=organization)


class PlanForm(forms.ModelForm):
    class Meta:
        model = RelationshipPlan
        fields = ["title"]
        help_texts = {"title": "Empty: “Relationship plan: <party>”."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False


class PlanSectionForm(forms.ModelForm):
    owner = MemberChoiceField(queryset=None, required=False, label="Section owner")

    class Meta:
        model = PlanSection
        fields = ["content", "owner", "status"]
        widgets = {"content": forms.Textarea(attrs={"rows": 12})}
        help_texts = {"status": "Complete needs content and an owner."}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = party_selectors.member_users(organization=organization)


class PlanApproveForm(forms.Form):
    meaning = forms.CharField(
        max_length=200, help_text="What your signature means; kept with the signature."
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to sign the approval.",
    )
