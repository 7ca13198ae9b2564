"""Management reviews and their input sections: generated from the data of the period while
the review is prepared, read from its snapshot once it is held."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from qms.models import ManagementReview, ManagementReviewAction
from relmgmt.core import extensions
from relmgmt.core.dates import organization_today
from relmgmt.core.remembered import remembered

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def reviews(*, organization: Organization) -> QuerySet[ManagementReview]:
    return ManagementReview.objects.filter(organization=organization)


def actions_of(review: ManagementReview) -> QuerySet[ManagementReviewAction]:
    return ManagementReviewAction.objects.filter(
        organization_id=review.organization_id, review=review
    ).select_related("owner")


def generate_inputs(*, organization: Organization, start: date, end: date) -> list[dict]:
    """Every registered input section for the period, in clause order: its figures where
    an app provides them, ``data`` None where the section is entered by hand."""
    return [
        {
            "key": entry.key,
            "title": entry.title,
            "item": entry.item,
            "data": entry.provide(organization, start, end) if entry.provide else None,
        }
        for entry in extensions.review_inputs
    ]


def inputs_of(review: ManagementReview) -> list[dict]:
    """The review's input sections with what was entered: frozen once held."""
    if review.is_frozen and review.snapshot.get("inputs") is not None:
        sections = review.snapshot["inputs"]
    else:
        # While in preparation, kept until a record changes or the day turns: a pack of
        # dozens of figures is read again only when one of them may have moved.
        organization = review.organization
        sections = remembered(
            f"review-inputs:{review.period_start}:{review.period_end}",
            organization,
            lambda: generate_inputs(
                organization=organization, start=review.period_start, end=review.period_end
            ),
            moment=str(organization_today(organization)),
        )
    entered = review.entered or {}
    return [{**section, "entered": entered.get(section["key"], "")} for section in sections]


def entered_keys() -> list[tuple[str, str]]:
    """The sections entered by hand: (key, label)."""
    return [
        (entry.key, f"{entry.item} {entry.title}")
        for entry in extensions.review_inputs
        if entry.provide is None
    ]
