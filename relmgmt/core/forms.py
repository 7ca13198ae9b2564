"""What the forms of every area share: the reason for a change, a member to choose,
choices limited to the organisation, and a service's errors shown on the form."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class ReasonForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=500,
        help_text="Why the change (kept in the record's history).",
    )


class MemberChoiceField(forms.ModelChoiceField):
    """A member of the organisation, shown by name."""

    def label_from_instance(self, user):
        return user.display_name


class MemberMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Members of the organisation, shown by name."""

    def label_from_instance(self, user):
        return user.display_name


def limit_choices(form, *, organization, **choices_of) -> None:
    """Offer in each named field only the organisation's records: ``choices_of`` maps a
    field to a selector called with ``organization=`` (``owner=member_users``)."""
    for name, selector in choices_of.items():
        form.fields[name].queryset = selector(organization=organization)


def choices_read_once(field: forms.ModelChoiceField) -> Callable[[], list]:
    """``field``'s choices as a callable that reads them when first shown and keeps them:
    given as the ``choices`` of the same field in every row of a formset, the rows read one
    query between them, not one each (their validation still asks the field's queryset)."""
    kept: list = []

    def choices() -> list:
        if not kept:
            kept.extend(iter(field.choices))  # not its len(): a count query
        return kept

    return choices


def apply_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: beside its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


__all__ = [
    "NON_FIELD_ERRORS",
    "MemberChoiceField",
    "MemberMultipleChoiceField",
    "ReasonForm",
    "apply_service_errors",
    "choices_read_once",
    "limit_choices",
]
