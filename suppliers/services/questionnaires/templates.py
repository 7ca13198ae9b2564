"""Questionnaire templates: build them (sections, questions, their order), and start a new
version of a template that has been sent.

A sent template is frozen: every edit of it, its sections or its questions is refused with
a message that says to start a new version. The new version is a copy (sections and
questions in the same order) that may be edited until it is sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model

from relmgmt.audit.context import acting_as
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from suppliers.models import Question, QuestionnaireSection, QuestionnaireTemplate
from suppliers.models.questionnaires import QuestionKind

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

TEMPLATE_FIELDS = ("name", "description")
SECTION_FIELDS = ("title", "description")
QUESTION_FIELDS = (
    "text",
    "help_text",
    "kind",
    "required",
    "scored",
    "weight",
    "scale_min",
    "scale_max",
    "options",
)
MAX_OPTION_POINTS = 100


def ensure_editable(template: QuestionnaireTemplate) -> None:
    if template.is_frozen:
        raise ValidationError(
            f"“{template}” was sent on {template.frozen_at:%Y-%m-%d} and is frozen, so that "
            "no supplier's questionnaire changes under it. Start a new version to change it."
        )


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


def _validate(instance: Model, exclude: Iterable[str] = ()) -> None:
    instance.full_clean(
        exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
    )


# --- Templates ---------------------------------------------------------------------------


def template_create(
    *, organization: Organization, actor: User | None, data: dict
) -> QuestionnaireTemplate:
    """A new template (version 1); sections and questions are added next, or given here as
    ``data["sections"]``: [{title, description, questions: [{text, kind, ...}]}]."""
    template = QuestionnaireTemplate(
        organization=organization,
        name=_words(data.get("name")),
        description=str(data.get("description") or "").strip(),
    )
    _validate(template, exclude=["previous"])
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        _ensure_unique_name(organization, template)
        template.save()
        for section_data in data.get("sections") or []:
            questions = section_data.get("questions") or []
            section = section_add(
                organization=organization, actor=actor, template=template, data=section_data
            )
            for question_data in questions:
                question_add(
                    organization=organization, actor=actor, section=section, data=question_data
                )
    return template


def _ensure_unique_name(organization: Organization, template: QuestionnaireTemplate) -> None:
    taken = QuestionnaireTemplate.objects.filter(
        organization=organization, name__iexact=template.name
    ).exclude(pk=template.pk)
    if template.previous_id:
        taken = taken.exclude(pk__in=_lineage_ids(template))
    if taken.exists():
        raise ValidationError({"name": f"A template named “{template.name}” exists already."})


def _lineage_ids(template: QuestionnaireTemplate) -> list[int]:
    """The ids of the versions this one descends from (they share its name)."""
    ids, current = [], template
    while current.previous_id:
        ids.append(current.previous_id)
        current = QuestionnaireTemplate.objects.get(pk=current.previous_id)
    return ids


def template_update(
    *, organization: Organization, actor: User | None, template: QuestionnaireTemplate, data: dict
) -> QuestionnaireTemplate:
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        ensure_editable(template)
        for field in TEMPLATE_FIELDS:
            if field in data:
                value = data[field]
                setattr(template, field, _words(value) if field == "name" else str(value).strip())
        _validate(template, exclude=["previous"])
        _ensure_unique_name(organization, template)
        with acting_as(actor):
            template.save()
    return template


def template_delete(
    *, organization: Organization, actor: User | None, template: QuestionnaireTemplate
) -> None:
    """Delete a template that was never sent (a sent one is evidence: it stays)."""
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        if template.is_frozen or template.requests.exists():
            raise ValidationError(
                f"“{template}” has been sent, so it is kept as the record of what suppliers "
                "were asked."
            )
        with acting_as(actor):
            template.delete()


def template_new_version(
    *, organization: Organization, actor: User | None, template: QuestionnaireTemplate
) -> QuestionnaireTemplate:
    """A copy of ``template`` as its next version, free to edit until it is sent."""
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        latest = (
            QuestionnaireTemplate.objects.filter(name__iexact=template.name).aggregate(
                top=Max("version")
            )["top"]
            or template.version
        )
        draft = QuestionnaireTemplate.objects.filter(
            name__iexact=template.name, frozen_at__isnull=True
        ).first()
        if draft is not None:
            raise ValidationError(
                f"Version {draft.version} of “{template.name}” is not sent yet: change that one."
            )
        copy = QuestionnaireTemplate.objects.create(
            organization=organization,
            name=template.name,
            description=template.description,
            version=latest + 1,
            previous=template,
        )
        for section in template.sections.order_by("position", "id"):
            new_section = QuestionnaireSection.objects.create(
                organization=organization,
                template=copy,
                title=section.title,
                description=section.description,
                position=section.position,
            )
            for question in section.questions.order_by("position", "id"):
                Question.objects.create(
                    organization=organization,
                    template=copy,
                    section=new_section,
                    position=question.position,
                    **{field: getattr(question, field) for field in QUESTION_FIELDS},
                )
    return copy


# --- Sections ----------------------------------------------------------------------------


def section_add(
    *, organization: Organization, actor: User | None, template: QuestionnaireTemplate, data: dict
) -> QuestionnaireSection:
    ensure_same_organization(organization=organization, record=template, field="template")
    with org_scope(organization), transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        ensure_editable(template)
        last = template.sections.aggregate(top=Max("position"))["top"]
        section = QuestionnaireSection(
            organization=organization,
            template=template,
            title=_words(data.get("title")),
            description=str(data.get("description") or "").strip(),
            position=0 if last is None else last + 1,
        )
        _validate(section, exclude=["template"])
        with acting_as(actor):
            section.save()
    return section


def _locked_section(
    organization: Organization, section: QuestionnaireSection
) -> QuestionnaireSection:
    ensure_same_organization(organization=organization, record=section, field="section")
    QuestionnaireTemplate.objects.select_for_update().filter(pk=section.template_id).first()
    section = QuestionnaireSection.objects.select_related("template").get(pk=section.pk)
    ensure_editable(section.template)
    return section


def section_update(
    *, organization: Organization, actor: User | None, section: QuestionnaireSection, data: dict
) -> QuestionnaireSection:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        if "title" in data:
            section.title = _words(data["title"])
        if "description" in data:
            section.description = str(data["description"] or "").strip()
        _validate(section, exclude=["template"])
        with acting_as(actor):
            section.save()
    return section


def section_delete(
    *, organization: Organization, actor: User | None, section: QuestionnaireSection
) -> None:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        with acting_as(actor):
            section.delete()


def section_move(
    *, organization: Organization, actor: User | None, section: QuestionnaireSection, direction: str
) -> None:
    """Move a section one place ``up`` or ``down``."""
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        siblings = list(section.template.sections.order_by("position", "id"))
        _move(siblings, section, direction, actor)


def _move(siblings: Any, item: Any, direction: str, actor: User | None) -> None:
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


def clean_options(raw: Any) -> list[dict]:
    """Options as [{"label", "points"}]; also read from text lines "label = points"."""
    if isinstance(raw, str):
        parsed = []
        for number, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            label, sep, points = line.rpartition("=")
            if not sep:
                raise ValidationError(
                    {
                        "options": f"Line {number}: write “label = points”, "
                        "e.g. “Yes, certified = 10”."
                    }
                )
            parsed.append({"label": label, "points": points.strip()})
        raw = parsed
    options, seen = [], set()
    for number, option in enumerate(raw or [], 1):
        label = _words(option.get("label") if isinstance(option, dict) else None)
        if not label:
            raise ValidationError({"options": f"Option {number} has no label."})
        try:
            points = int(str(option.get("points")).strip())
        except (TypeError, ValueError):
            raise ValidationError(
                {"options": f"Option “{label}”: points must be a whole number."}
            ) from None
        if not 0 <= points <= MAX_OPTION_POINTS:
            raise ValidationError(
                {"options": f"Option “{label}”: points must be from 0 to {MAX_OPTION_POINTS}."}
            )
        if label.casefold() in seen:
            raise ValidationError({"options": f"The option “{label}” is given twice."})
        seen.add(label.casefold())
        options.append({"label": label, "points": points})
    return options


def _apply_question(question: Question, data: dict) -> None:
    for field in QUESTION_FIELDS:
        if field in data:
            setattr(question, field, data[field])
    question.text = _words(question.text)
    question.help_text = _words(question.help_text)
    errors = {}
    if question.kind == QuestionKind.SCALE:
        if question.scale_min is None or question.scale_max is None:
            errors["scale_max"] = "A scale needs its lowest and highest value."
        elif question.scale_max <= question.scale_min:
            errors["scale_max"] = (
                f"The highest value ({question.scale_max}) must be above the lowest "
                f"({question.scale_min})."
            )
    else:
        question.scale_min = question.scale_max = None
    if question.kind == QuestionKind.CHOICE:
        question.options = clean_options(question.options)
        if len(question.options) < 2:
            errors["options"] = "A single choice needs at least two options."
        elif question.scored and not any(option["points"] for option in question.options):
            errors["options"] = "A scored choice needs an option worth more than 0 points."
    else:
        question.options = []
    if question.weight is not None and question.weight < 1:
        errors["weight"] = "The weight must be at least 1."
    if errors:
        raise ValidationError(errors)
    _validate(question, exclude=["template", "section"])


def question_add(
    *, organization: Organization, actor: User | None, section: QuestionnaireSection, data: dict
) -> Question:
    with org_scope(organization), transaction.atomic():
        section = _locked_section(organization, section)
        last = section.questions.aggregate(top=Max("position"))["top"]
        question = Question(
            organization=organization,
            template=section.template,
            section=section,
            position=0 if last is None else last + 1,
        )
        _apply_question(question, data)
        with acting_as(actor):
            question.save()
    return question


def _locked_question(organization: Organization, question: Question) -> Question:
    ensure_same_organization(organization=organization, record=question, field="question")
    QuestionnaireTemplate.objects.select_for_update().filter(pk=question.template_id).first()
    question = Question.objects.select_related("template", "section").get(pk=question.pk)
    ensure_editable(question.template)
    return question


def question_update(
    *, organization: Organization, actor: User | None, question: Question, data: dict
) -> Question:
    with org_scope(organization), transaction.atomic():
        question = _locked_question(organization, question)
        _apply_question(question, data)
        with acting_as(actor):
            question.save()
    return question


def question_delete(*, organization: Organization, actor: User | None, question: Question) -> None:
    with org_scope(organization), transaction.atomic():
        question = _locked_question(organization, question)
        with acting_as(actor):
            question.delete()


def question_move(
    *, organization: Organization, actor: User | None, question: Question, direction: str
) -> None:
    """Move a question one place ``up`` or ``down`` within its section."""
    with org_scope(organization), transaction.atomic():
        question = _locked_question(organization, question)
        siblings = list(question.section.questions.order_by("position", "id"))
        _move(siblings, question, direction, actor)
