"""Pages of survey templates: the list, a new one, and the builder where sections and
questions are added, changed, moved and removed. With htmx the builder swaps its sections
in place; without JavaScript every form posts and comes back to the builder."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from feedback.forms.surveys import QuestionForm, SectionForm, TemplateForm
from feedback.models import SurveyQuestion, SurveySection
from feedback.selectors import surveys as selectors
from feedback.services.surveys import templates as services
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.forms import apply_service_errors

BUILDER = "feedback/surveys/template_detail.html"


@org_view(read="records.view")
def template_list(request):
    context = {
        "templates": selectors.templates(organization=request.organization).order_by(
            "name", "-version"
        ),
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "feedback/surveys/template_list.html", context)


@org_view(read="records.change", write="records.change")
def template_create(request):
    form = TemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(
                organization=request.organization, actor=request.user, data=form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The template is made: add its sections and questions.")
            return _to_builder(request.organization, template.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/surveys/template_form.html", {"form": form}, status=status)


def _template(request, pk):
    return get_object_or_404(selectors.templates(organization=request.organization), pk=pk)


def _builder(request, template, *, status=200, **extra):
    sections = selectors.sections_of(template)
    bound_for = extra.pop("question_form_for", None)
    bound = extra.pop("bound_question_form", None)
    for section in sections:
        section.question_form = (
            bound if section.pk == bound_for else QuestionForm(auto_id=f"q{section.pk}_%s")
        )
    can_write = policy.can(request.membership, "records.change")
    context = {
        "template": template,
        "sections": sections,
        "can_change": can_write and not template.is_frozen,
        "can_write": can_write,
        "section_form": SectionForm(auto_id="section_%s"),
        **extra,
    }
    context.setdefault("form", TemplateForm(instance=template))
    name = f"{BUILDER}#builder" if getattr(request, "htmx", False) else BUILDER
    return render(request, name, context, status=status)


@org_view(read="records.view", write="records.change")
def template_detail(request, pk):
    """The builder; a POST changes the template's name and description."""
    template = _template(request, pk)
    if request.method != "POST":
        return _builder(request, template)
    form = TemplateForm(request.POST, instance=template)
    if form.is_valid():
        try:
            services.template_update(
                organization=request.organization,
                actor=request.user,
                template=template,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Saved.")
            return _to_builder(request.organization, template.pk)
    template.refresh_from_db()
    return _builder(request, template, form=form, status=400)


@org_view(read="records.change", write="records.change")
def template_new_version(request, pk):
    template = _template(request, pk)
    if request.method != "POST":
        return _to_builder(request.organization, template.pk)
    try:
        copy = services.template_new_version(
            organization=request.organization, actor=request.user, template=template
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _to_builder(request.organization, template.pk)
    messages.success(request, f"Version {copy.version} is ready to change.")
    return _to_builder(request.organization, copy.pk)


@org_view(read="records.change", write="records.change")
def section_create(request, pk):
    template = _template(request, pk)
    form = SectionForm(request.POST or None, auto_id="section_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.section_add(
                organization=request.organization,
                actor=request.user,
                template=template,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _after_change(request, template)
    return _form_again(request, template, "section", form, {"section_form": form})


@org_view(read="records.change", write="records.change")
def section_edit(request, pk):
    """Change a section (``action`` save), or move it (up, down) or delete it."""
    section = get_object_or_404(
        SurveySection.objects.filter(organization=request.organization), pk=pk
    )
    template = _template(request, section.template_id)
    form = SectionForm(
        request.POST or None, initial={"title": section.title, "description": section.description}
    )
    if request.method == "POST":
        action = request.POST.get("action", "save")
        kwargs = {"organization": request.organization, "actor": request.user, "section": section}
        try:
            if action in ("up", "down"):
                services.section_move(direction=action, **kwargs)
                return _after_change(request, template)
            if action == "delete":
                services.section_delete(**kwargs)
                return _after_change(request, template)
            if form.is_valid():
                services.section_update(data=form.cleaned_data, **kwargs)
                return _after_change(request, template)
        except ValidationError as error:
            apply_service_errors(form, error)
    context = {"form": form, "template": template, "section": section, "what": "section"}
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/surveys/part_form.html", context, status=status)


@org_view(read="records.change", write="records.change")
def question_create(request, pk):
    section = get_object_or_404(
        SurveySection.objects.filter(organization=request.organization), pk=pk
    )
    template = _template(request, section.template_id)
    form = QuestionForm(request.POST or None, auto_id=f"q{section.pk}_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.question_add(
                organization=request.organization,
                actor=request.user,
                section=section,
                data=dict(form.cleaned_data),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _after_change(request, template)
    extra = {"question_form_for": section.pk, "bound_question_form": form}
    return _form_again(request, template, "question", form, extra, section=section)


@org_view(read="records.change", write="records.change")
def question_edit(request, pk):
    """Change a question (``action`` save), or move it (up, down) or delete it."""
    question = get_object_or_404(
        SurveyQuestion.objects.filter(organization=request.organization), pk=pk
    )
    template = _template(request, question.template_id)
    form = QuestionForm(request.POST or None, question=question)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        kwargs = {"organization": request.organization, "actor": request.user, "question": question}
        try:
            if action in ("up", "down"):
                services.question_move(direction=action, **kwargs)
                return _after_change(request, template)
            if action == "delete":
                services.question_delete(**kwargs)
                return _after_change(request, template)
            if form.is_valid():
                services.question_update(data=dict(form.cleaned_data), **kwargs)
                return _after_change(request, template)
        except ValidationError as error:
            apply_service_errors(form, error)
    context = {"form": form, "template": template, "question": question, "what": "question"}
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/surveys/part_form.html", context, status=status)


def _after_change(request, template):
    if getattr(request, "htmx", False):
        template.refresh_from_db()
        return _builder(request, template)
    return _to_builder(request.organization, template.pk)


def _form_again(request, template, what, form, extra, section=None):
    """A refused add: in the builder for htmx, on a page of its own otherwise."""
    if getattr(request, "htmx", False):
        return _builder(request, template, **extra)
    context = {"form": form, "template": template, "section": section, "what": what, "adding": True}
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/surveys/part_form.html", context, status=status)


def _to_builder(organization, pk):
    return redirect("feedback:survey_template_detail", org_slug=organization.slug, pk=pk)
