"""Forms of performance reviews and their actions. They parse and show errors; the services
decide. Rows (here actions; an agreement's service levels and disputes) are plain formsets
whose rows the views hand to the services as dicts."""

from collections.abc import Callable

from django import forms

from parties.models import Contact
from relmgmt.core.forms import (
    MemberChoiceField,
    MemberMultipleChoiceField,
    choices_read_once,
    limit_choices,
)
from relmgmt.tenancy.selectors import member_users, owner_users
from suppliers.forms.reevaluations import DATE, ServiceChecked
from suppliers.models import PerformanceReview


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
        limit_choices(self, organization=organization, members=member_users)
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

    def __init__(self, *args, organization, owner_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        limit_choices(self, organization=organization, owner=owner_users)
        if owner_choices is not None:  # read once for every row (``owner_choices_of``)
            self.fields["owner"].choices = owner_choices


def owner_choices_of(organization) -> Callable[[], list]:
    """The action rows' owners, for the ``owner_choices`` of every row: one query."""
    return choices_read_once(MemberChoiceField(queryset=owner_users(organization=organization)))


def row_formset(form_class, *, extra: int = 2):
    return forms.formset_factory(form_class, extra=extra, can_delete=True)


ActionFormSet = row_formset(ActionRowForm)


def rows_of(formset) -> list[dict]:
    """The rows to keep: filled in and not marked for deletion."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if not data or data.get("DELETE") or not form.has_changed():
            continue
        rows.append({key: value for key, value in data.items() if key != "DELETE"})
    return rows
