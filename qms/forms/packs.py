"""The period of an evidence pack."""

from django import forms

DATE = forms.DateInput(attrs={"type": "date"})


class EvidencePackForm(forms.Form):
    start = forms.DateField(label="From", widget=DATE)
    end = forms.DateField(label="To", widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The period ends before it starts.")
        return cleaned
