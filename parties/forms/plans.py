"""Forms of relationship plans: the plan, a section of the draft, the approval. They parse
and show errors; the services decide."""

from django import forms

from parties.models import PlanSection, RelationshipPlan
from relmgmt.core.forms import MemberChoiceField, limit_choices
from relmgmt.tenancy.selectors import owner_users


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
        limit_choices(self, organization=organization, owner=owner_users)


class PlanApproveForm(forms.Form):
    meaning = forms.CharField(
        max_length=200, help_text="What your signature means; kept with the signature."
    )
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Your password, to sign the approval.",
    )
