"""Forms of questionnaires. They parse and show errors; the services decide (so every field
is lenient here and the service's message appears beside it)."""

from django import forms

from suppliers.models import QuestionnaireTemplate, Supplier
from suppliers.models.questionnaires import QuestionKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TemplateForm(forms.ModelForm):
    class Meta:
        model = QuestionnaireTemplate
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
    kind = forms.ChoiceField(choices=QuestionKind.choices, label="Answered by")
    required = forms.BooleanField(required=False, initial=True, label="Must be answered")
    scored = forms.BooleanField(
        required=False,
        initial=True,
        label="Counts in the score",
        help_text="Text and file answers are scored by the reviewer.",
    )
    weight = forms.IntegerField(min_value=1, initial=1, help_text="Its share of the score.")
    scale_min = forms.IntegerField(required=False, label="Scale from", initial=1)
    scale_max = forms.IntegerField(required=False, label="Scale to", initial=5)
    options = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Options (single choice)",
        help_text="One per line, with its points: “Certified = 10”.",
    )

    def __init__(self, *args, question=None, **kwargs):
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "text": question.text,
                "help_text": question.help_text,
                "kind": question.kind,
                "required": question.required,
                "scored": question.scored,
                "weight": question.weight,
                "scale_min": question.scale_min,
                "scale_max": question.scale_max,
                "options": "\n".join(f"{o['label']} = {o['points']}" for o in question.options),
            }
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return dict(self.cleaned_data)


class SupplierChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, supplier):
        return f"{supplier.code} · {supplier.party.name}"


class SendForm(forms.Form):
    suppliers = SupplierChoices(
        queryset=Supplier.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    due_date = forms.DateField(widget=DATE, label="Due on")
    message = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Message to the supplier (optional)",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["suppliers"].queryset = (
            Supplier.objects.filter(organization=organization)
            .exclude(status="disqualified")
            .select_related("party")
        )


class AnswerForm(forms.Form):
    """One field per question, named ``question_<id>``; values are checked by the service."""

    def __init__(self, *args, sections, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {}
        for section in sections:
            for question in section.question_list:
                name = f"question_{question.pk}"
                self.fields[name] = self._field(question, answers.get(question.pk))
                self.questions[name] = question
                question.field_name = name

    def _field(self, question, answer):
        label = f"{question.number} {question.text}"
        common = {"label": label, "required": False, "help_text": question.help_text}
        value = answer.value if answer is not None else None
        if question.kind == QuestionKind.YES_NO:
            initial = {True: "yes", False: "no"}.get(value)
            widget = forms.RadioSelect(choices=[("yes", "Yes"), ("no", "No")])
            return forms.CharField(widget=widget, initial=initial, **common)
        if question.kind == QuestionKind.SCALE:
            attrs = {"min": question.scale_min, "max": question.scale_max, "step": 1}
            common["help_text"] = " ".join(
                filter(
                    None,
                    [question.help_text, f"From {question.scale_min} to {question.scale_max}."],
                )
            )
            return forms.CharField(widget=forms.NumberInput(attrs=attrs), initial=value, **common)
        if question.kind == QuestionKind.CHOICE:
            widget = forms.RadioSelect(choices=[(label, label) for label in question.option_labels])
            return forms.CharField(widget=widget, initial=value, **common)
        if question.kind == QuestionKind.TEXT:
            widget = forms.Textarea(attrs={"rows": 3})
            return forms.CharField(widget=widget, initial=value, strip=False, **common)
        if answer is not None and answer.file:
            common["help_text"] = " ".join(
                filter(
                    None,
                    [
                        question.help_text,
                        f"Uploaded: {answer.original_name}. Upload again to replace it.",
                    ],
                )
            )
        return forms.FileField(
            **common, widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})
        )

    def values(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(name)
            for name, question in self.questions.items()
            if question.kind != QuestionKind.FILE
        }

    def files_given(self) -> dict:
        return {
            question.pk: self.cleaned_data.get(name)
            for name, question in self.questions.items()
            if question.kind == QuestionKind.FILE and self.cleaned_data.get(name)
        }


class ReviewForm(forms.Form):
    """Points for scored text and file answers (``points_<id>``), comments and notes."""

    comments = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Comments to the supplier",
        help_text="Required when you return the answers; the supplier sees them.",
    )
    internal_notes = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Internal notes",
        help_text="Only your organisation sees these.",
    )
    due_date = forms.DateField(
        required=False,
        widget=DATE,
        label="New due date (when returning)",
    )

    def __init__(self, *args, manual_questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.manual = {}
        for question in manual_questions:
            name = f"points_{question.pk}"
            answer = answers.get(question.pk)
            self.fields[name] = forms.CharField(
                required=False,
                label=f"Points for {question.number} (0-100)",
                initial=answer.reviewer_points if answer else None,
                widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": "0.1"}),
            )
            self.manual[name] = question
            question.points_field = name
        self.order_fields([*self.manual, "comments", "internal_notes", "due_date"])

    def points(self) -> dict:
        return {q.pk: self.cleaned_data.get(name) for name, q in self.manual.items()}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why is it cancelled?", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
