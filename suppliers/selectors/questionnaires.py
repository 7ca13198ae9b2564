"""Reads of questionnaires that views, the API, the portal and (later) the scorecard share.

``reviewed_scores`` is the scorecard's way in: one row per accepted questionnaire with
``organization_id, supplier_id, score, reviewed_at``, in the database, so a metric can
aggregate it per supplier and period in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField, Count, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce

from relmgmt.core.dates import organization_today
from suppliers.models import (
    Question,
    QuestionnaireAnswer,
    QuestionnaireEvent,
    QuestionnaireRequest,
    QuestionnaireSection,
    QuestionnaireTemplate,
)
from suppliers.models.questionnaires import OPEN_STATUSES, RequestStatus

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier

# Not yet handed in: the statuses a due date still binds.
AWAITING_SUPPLIER = list(OPEN_STATUSES)


def templates(*, organization: Organization) -> QuerySet[QuestionnaireTemplate]:
    """Templates with their number of questions and of questionnaires sent."""
    return QuestionnaireTemplate.objects.filter(organization=organization).annotate(
        question_count=Count("questions", distinct=True),
        request_count=Count("requests", distinct=True),
    )


def template_with_content(
    *, organization: Organization, pk: Any
) -> tuple[QuestionnaireTemplate, list[QuestionnaireSection]]:
    """One template, with its sections and their questions in order (three queries)."""
    template = QuestionnaireTemplate.objects.filter(organization=organization).get(pk=pk)
    return template, sections_of(template)


def sections_of(template: QuestionnaireTemplate) -> list:
    sections = list(
        QuestionnaireSection.objects.filter(
            organization_id=template.organization_id, template=template
        ).order_by("position", "id")
    )
    questions = Question.objects.filter(
        organization_id=template.organization_id, template=template
    ).order_by("position", "id")
    by_section = {section.pk: section for section in sections}
    for section in sections:
        section.question_list = []
    for question in questions:
        question.section = by_section[question.section_id]
        by_section[question.section_id].question_list.append(question)
    number = 0
    for section_number, section in enumerate(sections, 1):
        section.number = section_number
        for question_number, question in enumerate(section.question_list, 1):
            number += 1
            question.number = f"{section_number}.{question_number}"
    return sections


def with_overdue(
    queryset: QuerySet[QuestionnaireRequest],
    *,
    organization: Organization,
    today: date | None = None,
) -> QuerySet[QuestionnaireRequest]:
    today = today or organization_today(organization)
    return queryset.annotate(
        overdue=Coalesce(
            Q(status__in=AWAITING_SUPPLIER, due_date__lt=today),
            Value(False),
            output_field=BooleanField(),
        )
    )


def requests(*, organization: Organization) -> QuerySet[QuestionnaireRequest]:
    """The organisation's sent questionnaires, newest first, with supplier and template."""
    return with_overdue(
        QuestionnaireRequest.objects.filter(organization=organization).select_related(
            "supplier__party", "template", "reviewed_by"
        ),
        organization=organization,
    )


def requests_of_supplier(
    *, organization: Organization, supplier: Supplier
) -> QuerySet[QuestionnaireRequest]:
    """One supplier's questionnaires (the portal's list, the supplier page's panel)."""
    return requests(organization=organization).filter(supplier=supplier)


def filter_overdue(
    queryset: QuerySet[QuestionnaireRequest], *, organization: Organization, overdue: bool
) -> QuerySet[QuestionnaireRequest]:
    today = organization_today(organization)
    late = Q(status__in=AWAITING_SUPPLIER, due_date__lt=today)
    return queryset.filter(late) if overdue else queryset.exclude(late)


def answers_of(request: QuestionnaireRequest) -> dict:
    """The request's answers by question id."""
    return {
        answer.question_id: answer
        for answer in QuestionnaireAnswer.objects.filter(
            organization_id=request.organization_id, request=request
        )
    }


def events_of(request: QuestionnaireRequest) -> list:
    return list(
        QuestionnaireEvent.objects.filter(
            organization_id=request.organization_id, request=request
        ).select_related("actor")
    )


def answer_for_file(
    *, organization: Organization, pk: Any, supplier: Supplier | None = None
) -> QuestionnaireAnswer:
    """An answer with a file, inside the organisation (and the supplier, for the portal)."""
    answers = QuestionnaireAnswer.objects.filter(organization=organization).exclude(file="")
    if supplier is not None:
        answers = answers.filter(request__supplier=supplier)
    return answers.select_related("request").get(pk=pk)


def latest_score(
    *, organization: Organization, supplier: Supplier, before: datetime | None = None
) -> QuestionnaireRequest | None:
    """The supplier's most recently accepted questionnaire (or None); ``before``: the latest
    accepted before that moment."""
    return (
        reviewed_scores(organization=organization, end=before)
        .filter(supplier=supplier)
        .order_by("-reviewed_at", "-id")
        .select_related("template")
        .first()
    )


def reviewed_scores(
    *,
    organization: Organization,
    suppliers: Iterable[Supplier] | QuerySet[Supplier] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> QuerySet[QuestionnaireRequest]:
    """Accepted questionnaires' scores: the scorecard's input.

    Read ``.values("organization_id", "supplier_id", "score", "reviewed_at")``; ``start``
    and ``end`` bound ``reviewed_at`` (datetimes, end exclusive)."""
    queryset = QuestionnaireRequest.objects.filter(
        organization=organization, status=RequestStatus.ACCEPTED, score__isnull=False
    )
    if suppliers is not None:
        queryset = queryset.filter(supplier__in=suppliers)
    if start is not None:
        queryset = queryset.filter(reviewed_at__gte=start)
    if end is not None:
        queryset = queryset.filter(reviewed_at__lt=end)
    return queryset


def has_open_questionnaire(*, organization: Organization) -> Exists:
    """An annotation for supplier querysets: does the supplier owe answers?"""
    return Exists(
        QuestionnaireRequest.objects.filter(
            organization=organization, supplier_id=OuterRef("pk"), status__in=AWAITING_SUPPLIER
        )
    )
