"""Forms of interactions and follow-up actions. They parse and show errors; the services
decide."""

from django import forms
from django.db.models import Q

from parties.models import FollowUp, Interaction
from parties.selectors import contacts as contact_selectors
from relmgmt.core.forms import MemberChoiceField, MemberMultipleChoiceField, limit_choices
from relmgmt.tenancy.selectors import member_users, owner_users


class InteractionForm(forms.ModelForm):
    contacts = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Contacts taking part",
    )
    members = MemberMultipleChoiceField(
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
        limit_choices(self, organization=organization, members=member_users)

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
        limit_choices(self, organization=organization, owner=owner_users)
