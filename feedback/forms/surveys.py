"""Forms of surveys. They parse and show errors; the services decide."""

from django import forms

from feedback.models import SurveyCampaign, SurveyTemplate
from feedback.models.complaints import Category, Severity
from feedback.models.surveys import SurveyQuestionKind
from feedback.selectors.surveys import SEGMENTS
from parties.models import PartyType, Tier
from relmgmt.core.forms import MemberChoiceField


class TemplateForm(forms.ModelForm):
    class Meta:
        model = SurveyTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def _post_clean(self):
        """The service checks the record."""


class SectionForm(forms.Form):
    title = forms.CharField(max_length=200)
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Description (optional)"
    )


class QuestionForm(forms.Form):
    text = forms.CharField(label="Question", max_length=500)
    help_text = forms.CharField(label="Guidance (optional)", max_length=500, required=False)
    kind = forms.ChoiceField(choices=SurveyQuestionKind.choices, label="Answered by")
    required = forms.BooleanField(required=False, initial=True, label="Must be answered")
    scale_min = forms.IntegerField(required=False, label="Scale from (scale only)", initial=1)
    scale_max = forms.IntegerField(required=False, label="Scale to (scale only)", initial=5)
    options = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Options (single or multiple choice)",
        help_text="One per line.",
    )

    def __init__(self, *args, question=None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": question.text,
                "help_text": question.help_text,
                "kind": question.kind,
                "required": question.required,
                "scale_min": question.scale_min,
                "scale_max": question.scale_max,
                "options": "\n".join(question.options),
            }
        super().__init__(*args, **kwargs)


class CampaignForm(forms.ModelForm):
    types = forms.MultipleChoiceField(
        choices=PartyType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Party types (none: every type)",
    )
    tiers = forms.MultipleChoiceField(
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Tiers (none: every tier)",
    )
    tag = forms.CharField(required=False, max_length=100, label="With the tag (optional)")
    template = forms.ModelChoiceField(queryset=SurveyTemplate.objects.none(), label="Survey")

    class Meta:
        model = SurveyCampaign
        fields = [
            "name",
            "template",
            "message",
            "days_open",
            "remind_after_days",
            "max_reminders",
            "recurrence",
        ]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organization, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = SurveyTemplate.objects.filter(organization=organization)
        self.fields["owner"] = MemberChoiceField(
            queryset=members, required=False, label="Owned by (optional)"
        )
        audience = (self.instance.audience or {}) if self.instance.pk else {}
        for name in ("types", "tiers", "tag"):
            self.fields[name].initial = audience.get(name)
        self.fields["owner"].initial = audience.get("owner")
        self.order_fields(
            ["name", "template", "types", "tiers", "tag", "owner", *self.Meta.fields[2:]]
        )

    def _post_clean(self):
        """The service checks the record."""

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        owner = self.cleaned_data.get("owner")
        data["audience"] = {
            "types": self.cleaned_data.get("types") or [],
            "tiers": self.cleaned_data.get("tiers") or [],
            "tag": self.cleaned_data.get("tag") or "",
            "owner": owner.pk if owner else None,
        }
        return data


class BounceForm(forms.Form):
    recipient = forms.IntegerField(widget=forms.HiddenInput)


class LoopCloseForm(forms.Form):
    """Closing the loop on an unhappy answer; the service checks the values."""

    contact_made = forms.CharField(
        label="Contact made",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="How, when and with whom you spoke about the answer.",
        max_length=5000,
    )
    cause = forms.ChoiceField(choices=[("", "Choose the cause"), *Category.choices])
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was agreed or done, and how the respondent took it.",
        max_length=5000,
    )
    raise_complaint = forms.BooleanField(
        required=False, label="Raise a complaint from this answer (channel: survey answer)"
    )
    severity = forms.ChoiceField(
        choices=Severity.choices, initial=Severity.MEDIUM, label="Complaint severity"
    )


class SegmentForm(forms.Form):
    """Which segment of the register the results are split by (party type by default)."""

    segment = forms.ChoiceField(choices=list(SEGMENTS.items()), required=False, label="Split by")

    def chosen(self) -> str:
        if self.is_bound and self.is_valid() and self.cleaned_data.get("segment"):
            return self.cleaned_data["segment"]
        return "type"


class ResultsFilterForm(SegmentForm):
    start = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From"
    )
    end = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To"
    )
    field_order = ["start", "end", "segment"]


class AnswerForm(forms.Form):
    """One field per question, named ``question_<id>``; the service checks the values."""

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for section in sections:
            for question in section.question_list:
                name = f"question_{question.pk}"
                self.fields[name] = self._field(question)
                self.questions[name] = question
                question.field_name = name

    def _field(self, question):
        label = question.text + ("" if question.required else " (optional)")
        common = {"label": label, "required": False, "help_text": question.help_text}
        if question.range:
            low, high = question.range
            choices = [(str(n), str(n)) for n in range(low, high + 1)]
            return forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect(attrs={"class": "scale"}), **common
            )
        if question.kind == SurveyQuestionKind.YES_NO:
            return forms.ChoiceField(
                choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect, **common
            )
        if question.kind == SurveyQuestionKind.SINGLE:
            return forms.ChoiceField(
                choices=[(o, o) for o in question.options], widget=forms.RadioSelect, **common
            )
        if question.kind == SurveyQuestionKind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=[(o, o) for o in question.options],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        return forms.CharField(
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": 5000}), strip=False, **common
        )

    def raw_values(self) -> dict:
        """The posted values as given (the service checks them, so nothing is lost here)."""
        return posted_answers(self.data, self.questions.values())


def posted_answers(data, questions) -> dict:
    """Each question's posted value as given, by the question's id (a list for a question
    of several choices): what the service checks, without a form to build."""
    values = {}
    for question in questions:
        name = f"question_{question.pk}"
        if question.kind == SurveyQuestionKind.MULTIPLE:
            values[question.pk] = data.getlist(name)
        else:
            values[question.pk] = data.get(name)
    return values
