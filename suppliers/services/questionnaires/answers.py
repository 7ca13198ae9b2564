"""Checking a supplier's answers: each value against its question, each file by its content.

Values come from a form (strings) or from JSON (booleans, numbers); both are read the same
way. A problem is reported under ``question_<id>``, in words that name what is expected.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError

from suppliers.models.questionnaires import QuestionKind
from suppliers.services.certificates import CheckedFile, check_upload

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from suppliers.models import Question

TRUE_WORDS = {"yes", "true", "1", "on"}
FALSE_WORDS = {"no", "false", "0", "off"}


def field_name(question: Question) -> str:
    return f"question_{question.pk}"


def text_max_length() -> int:
    return getattr(settings, "RELMGMT_QUESTIONNAIRE_TEXT_MAX", 5000)


def clean_value(question: Question, raw: Any) -> Any:
    """The stored value of an answer (None when unanswered); raises ValidationError with a
    message for the question's field."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = question.kind
    if kind == QuestionKind.YES_NO:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError("Answer yes or no.")
    if kind == QuestionKind.SCALE:
        try:
            if isinstance(raw, bool):
                raise ValueError
            number = int(str(raw).strip())
        except ValueError:
            raise ValidationError(
                f"Choose a whole number from {question.scale_min} to {question.scale_max}."
            ) from None
        if not question.scale_min <= number <= question.scale_max:
            raise ValidationError(
                f"{number} is outside the scale: choose from {question.scale_min} to "
                f"{question.scale_max}."
            )
        return number
    if kind == QuestionKind.CHOICE:
        label = " ".join(str(raw).split())
        if label not in question.option_labels:
            raise ValidationError(
                f"“{label}” is not one of the options: {', '.join(question.option_labels)}."
            )
        return label
    if kind == QuestionKind.TEXT:
        text = str(raw).strip()
        if len(text) > text_max_length():
            raise ValidationError(
                f"The answer is {len(text)} characters long; the limit is {text_max_length()}."
            )
        return text
    raise ValidationError("Upload a file to answer this question.")


def check_answer_file(question: Question, upload: UploadedFile) -> CheckedFile:
    """The certificates' content check (PDF, PNG or JPEG that is what its name says, size
    limit), its message moved to the question's field."""
    if question.kind != QuestionKind.FILE:
        raise ValidationError("This question is not answered with a file.")
    try:
        return check_upload(upload)
    except ValidationError as error:
        raise ValidationError(error.message_dict.get("file", error.messages)) from None
