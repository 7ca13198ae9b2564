"""Survey templates: build them (sections, questions, their order), and start a new version
of a template that has been sent.

A sent template is frozen: every edit of it, its sections or its questions is refused with a
message that says to start a new version. The new version is a copy (sections and questions
in the same order) that may be edited until it is sent; results always name the version.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model

from feedback.models import SurveyQuestion, SurveySection, SurveyTemplate
from feedback.models.surveys import CHOICE_KINDS, SurveyQuestionKind
from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

QUESTION_FIELDS = ("text", "help_text", "kind", "required", "scale_min", "scale_max", "options")
MAX_OPTIONS = 20


def ensure_editable(template: SurveyTemplate) -> None:
    if template.is_frozen:
        raise ValidationError(
            f"“{template}” was sent on {template.frozen_at:%Y-%m-%d} and is frozen, so that "
            "no answer changes meaning under it. Start a new version to change it."
        )


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


def _validate(instance: Model, exclude: tuple[str, ...] = ()) -> None:
    instance.full_clean(
        exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
    )


def template_create(
    *, organization: Organization, actor: User | None, data: dict
) -> SurveyTemplate:
    """A new template (version 1); sections and questions may be given as ``data["sections"]``:
    [{title, description, questions: [{text, kind, ...}]}]."""
    template = SurveyTemplate(
        organization=organization,
        name=_words(data.get("name")),
        description=str(data.get("description") or "").strip(),
    )
    _validate(template, exclude=("previous",))
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        _ensure_unique_name(organization, template)
        template.save()
        for section_data in data.get("sections") or []:
            section = section_add(
                organization=organization, actor=actor, template=template, data=section_data
            )
            for question_data in section_data.get("questions") or []:
                question_add(
                    organization=organization, actor=actor, section=section, data=question_data
                )
    return template


def _ensure_unique_name(organization: Organization, template: SurveyTemplate) -> None:
    taken = SurveyTemplate.objects.filter(
        organization=organization, name__iexact=template.name
    ).exclude(pk=template.pk)
    if template.pk:
        taken = taken.exclude(version__lt=template.version)
    if taken.exists():
        raise ValidationError(
            {"name": f"A survey template named “{template.name}” exists already."}
        )


def template_update(
    *, organization: Organization, actor: User | None, template: SurveyTemplate, data: dict
) -> SurveyTemplate:
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic():
        template = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
        ensure_editable(template)
        if template.version > 1 and "name" in data and _words(data["name"]) != template.name:
            raise ValidationError({"name": "A later version keeps the name of the first."})
        if "name" in data:
            template.name = _words(data["name"])
        if "description" in data:
            template.description = str(data["description"] or "").strip()
        _validate(template, exclude=("previous",))
        _ensure_unique_name(organization, template)
        with acting_as(actor):
            template.save()
    return template


def template_delete(
    *, organization: Organization, actor: User | None, template: SurveyTemplate
) -> None:
    """Delete a template never sent (a sent one is the record of what was asked)."""
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic():
        template = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
        if template.is_frozen or template.campaigns.exists():
            raise ValidationError(
                f"“{template}” is used by a campaign, so it is kept as the record of what "
                "was asked."
            )
        with acting_as(actor):
            template.delete()


def template_new_version(
    *, organization: Organization, actor: User | None, template: SurveyTemplate
) -> SurveyTemplate:
    """A copy of ``template`` as its next version, free to edit until it is sent."""
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        family = SurveyTemplate.objects.filter(name__iexact=template.name)
        draft = family.filter(frozen_at__isnull=True).first()
        if draft is not None:
            raise ValidationError(
                f"Version {draft.version} of “{template.name}” is not sent yet: change that one."
            )
        latest = family.aggregate(top=Max("version"))["top"] or template.version
        copy = SurveyTemplate.objects.create(
            organization=organization,
            name=template.name,
            description=template.description,
            version=latest + 1,
            previous=template,
        )
        for section in template.sections.order_by("position", "id"):
            new_section = SurveySection.objects.create(
                organization=organization,
                template=copy,
                title=section.title,
                description=section.description,
                position=section.position,
            )
            for question in section.questions.order_by("position", "id"):
                SurveyQuestion.objects.create(
                    organization=organization,
                    template=copy,
                    section=new_section,
                    position=question.position,
                    **{field: getattr(question, field) for field in QUESTION_FIELDS},
                )
    return copy


def template_freeze(*, organization: Organization, template: SurveyTemplate, when: Any) -> None:
    """Called by sending: the template may not change from now on (idempotent)."""
    if not template.is_frozen:
        if not template.questions.exists():
            raise ValidationError({"template": f"“{template}” has no question to ask yet."})
        template.frozen_at = when
        template.save(update_fields=["frozen_at", "updated_at"])


# --- Sections ----------------------------------------------------------------------------


def section_add(
    *, organization: Organization, actor: User | None, template: SurveyTemplate, data: dict
) -> SurveySection:
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic():
        template = SurveyTemplate.objects.select_for_update().get(pk=template.pk)
        ensure_editable(template)
        last = template.sections.aggregate(top=Max("position"))["top"]
        section = SurveySection(
            organization=organization,
            template=template,
            title=_words(data.get("title")),
            description=str(data.get("description") or "").strip(),
            position=0 if last is None else last + 1,
        )
        _validate(section, exclude=("template",))
        with acting_as(actor):
            section.save()
    return section


def _locked_section(organization: Organization, section: SurveySection) -> SurveySection:
    ensure_same_organization(organization=organization, record=section, field="section")
    SurveyTemplate.objects.select_for_update().filter(pk=section.template_id).first()
    section = SurveySection.objects.select_related("template").get(pk=section.pk)
    ensure_editable(section.template)
    return section


def section_update(
    *, organization: Organization, actor: User | None, section: SurveySection, data: dict
) -> SurveySection:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        if "title" in data:
            section.title = _words(data["title"])
        if "description" in data:
            section.description = str(data["description"] or "").strip()
        _validate(section, exclude=("template",))
        with acting_as(actor):
            section.save()
    return section


def section_delete(
    *, organization: Organization, actor: User | None, section: SurveySection
) -> None:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        with acting_as(actor):
            section.delete()


def section_move(
    *, organization: Organization, actor: User | None, section: SurveySection, direction: str
) -> None:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        _move(list(section.template.sections.order_by("position", "id")), section, direction, actor)


def _move(siblings: list[Any], item: Any, direction: str, actor: User | None) -> None:
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "Move up or down."})
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with acting_as(actor):
        for position, sibling in enumerate(siblings):
            if sibling.position != position:
                sibling.position = position
                sibling.save(update_fields=["position", "updated_at"])


# --- Questions ---------------------------------------------------------------------------


def clean_options(raw: Any) -> list[str]:
    """Option labels, from a list or from text with one per line."""
    if isinstance(raw, str):
        raw = raw.splitlines()
    options: list[str] = []
    seen: set[str] = set()
    for option in raw or []:
        label = _words(option)[:200]
        if not label:
            continue
        if label.casefold() in seen:
            raise ValidationError({"options": f"The option “{label}” is given twice."})
        seen.add(label.casefold())
        options.append(label)
    if len(options) > MAX_OPTIONS:
        raise ValidationError({"options": f"Give at most {MAX_OPTIONS} options."})
    return options


def _apply_question(question: SurveyQuestion, data: dict) -> None:
    for field in QUESTION_FIELDS:
        if field in data:
            setattr(question, field, data[field])
    question.text = _words(question.text)
    question.help_text = _words(question.help_text)
    question.required = bool(question.required)
    errors = {}
    if question.kind not in SurveyQuestionKind.values:
        errors["kind"] = "Choose what kind of answer the question takes."
    if question.kind == SurveyQuestionKind.SCALE:
        if question.scale_min is None or question.scale_max is None:
            errors["scale_max"] = "A scale needs its lowest and highest value."
        elif question.scale_max <= question.scale_min:
            errors["scale_max"] = (
                f"The highest value ({question.scale_max}) must be above the lowest "
                f"({question.scale_min})."
            )
        elif question.scale_max - question.scale_min > 100:
            errors["scale_max"] = "A scale spans at most 100 steps."
    else:
        question.scale_min = question.scale_max = None
    if question.kind in CHOICE_KINDS:
        try:
            question.options = clean_options(question.options)
        except ValidationError as error:
            errors.update({k: " ".join(v) for k, v in error.message_dict.items()})
        else:
            if len(question.options) < 2:
                errors["options"] = "A choice needs at least two options, one per line."
    else:
        question.options = []
    if errors:
        raise ValidationError(errors)
    _validate(question, exclude=("template", "section"))


def question_add(
    *, organization: Organization, actor: User | None, section: SurveySection, data: dict
) -> SurveyQuestion:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        last = section.questions.aggregate(top=Max("position"))["top"]
        question = SurveyQuestion(
            organization=organization,
            template=section.template,
            section=section,
            position=0 if last is None else last + 1,
        )
        _apply_question(question, data)
        with acting_as(actor):
            question.save()
    return question


def _locked_question(organization: Organization, question: SurveyQuestion) -> SurveyQuestion:
    ensure_same_organization(organization=organization, record=question, field="question")
    SurveyTemplate.objects.select_for_update().filter(pk=question.template_id).first()
    question = SurveyQuestion.objects.select_related("template", "section").get(pk=question.pk)
    ensure_editable(question.template)
    return question


def question_update(
    *, organization: Organization, actor: User | None, question: SurveyQuestion, data: dict
) -> SurveyQuestion:
    with org_scope(organization), transaction.atomic():
        question = _locked_question(organization, question)
        _apply_question(question, data)
        with acting_as(actor):
            question.save()
    return question


def question_delete(
    *, organization: Organization, actor: User | None, question: SurveyQuestion
) -> None:
    with org_scope(organization), transaction.atomic():
        question = _locked_question(organization, question)
        with acting_as(actor):
            question.delete()


def question_move(
    *, organization: Organization, actor: User | None, question: SurveyQuestion, direction: str
) -> None:
    with org_scope(organization), transaction.atomic():
        question = _locked_question(organization, question)
        _move(
            list(question.section.questions.order_by("position", "id")), question, direction, actor
        )
