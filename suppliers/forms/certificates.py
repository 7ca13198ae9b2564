"""Forms of suppliers' certificates: a member's (or, through the portal, the supplier's)
upload with its details, and the deletion. They parse; the services decide."""

from django import forms

from suppliers.models.certificates import CertificateType


class CertificateForm(forms.Form):
    """A certificate's details and file; the service checks the file's content and size."""

    type = forms.ChoiceField(choices=CertificateType.choices)
    issuer = forms.CharField(
        max_length=200, help_text="Who issued it, e.g. the certification body."
    )
    number = forms.CharField(max_length=100, required=False, label="Certificate number")
    valid_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label="Valid until", widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(
        help_text="A PDF, PNG or JPEG file (checked by its content), at most {limit} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )
    reason = forms.CharField(
        required=False, max_length=500, help_text="Why the change (kept in the history)."
    )

    def __init__(self, *args, certificate=None, max_megabytes: str = "10", **kwargs):
        if certificate is not None:
            kwargs.setdefault(
                "initial",
                {field: getattr(certificate, field) for field in self.service_fields},
            )
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.fields["file"].help_text.format(limit=max_megabytes)
        if certificate is None:
            del self.fields["reason"]
        else:
            self.fields["file"].required = False
            self.fields["file"].label = "Replace the file"
            self.fields["file"].help_text = (
                f"Now: {certificate.original_name}. Empty: keep it. "
                + self.fields["file"].help_text
            )

    service_fields = ("type", "issuer", "number", "valid_from", "valid_to")

    def service_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.service_fields}


class CertificateDeleteForm(forms.Form):
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the certificate is deleted (kept in the history).",
    )


class PortalCertificateForm(CertificateForm):
    """A supplier's upload: the same details and file as a member's."""
