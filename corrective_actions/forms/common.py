"""Form pieces both areas use: several evidence files in one field."""

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", "PDF, PNG or JPEG files, checked by their content (at most 5)."
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class AttachmentForm(forms.Form):
    attachments = MultipleFileField(required=True)


def loosen_long_text(form, *names) -> None:
    """The services check long texts' lengths, naming them; the form only parses."""
    for name in names:
        if name in form.fields:
            field = form.fields[name]
            field.max_length = None
            field.widget.attrs.pop("maxlength", None)
            field.validators = []
