"""KPIs of customer satisfaction and complaints (ISO 9001 9.1.2, 8.2.1)."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count, F, Q
from django.urls import reverse

from feedback.filters.complaints import ComplaintFilter
from feedback.models import Complaint
from feedback.models.surveys import SurveyQuestionKind
from feedback.selectors import complaints as complaint_selectors
from feedback.selectors import surveys as survey_selectors
from qms.kpis import counted
from relmgmt.core.dates import organization_today
from relmgmt.core.extensions import KpiReading


def _scores(organization, start: date, end: date, kind: str) -> dict:
    return (
        survey_selectors.answers(organization=organization, start=start, end=end)
        .filter(kind=kind, number__isnull=False)
        .aggregate(
            high=Count("id", filter=Q(number__gte=9 if kind == SurveyQuestionKind.NPS else 4)),
            low=Count("id", filter=Q(number__lte=6)),
            total=Count("id"),
        )
    )


def nps(organization, start: date, end: date) -> float | None:
    """Net promoter score of the answers submitted in the period."""
    row = _scores(organization, start, end, SurveyQuestionKind.NPS)
    if not row["total"]:
        return None
    return round(100 * (row["high"] - row["low"]) / row["total"], 1)


def csat(organization, start: date, end: date) -> float | None:
    """The % of satisfaction answers of 4 or 5 submitted in the period."""
    row = _scores(organization, start, end, SurveyQuestionKind.CSAT)
    return round(100 * row["high"] / row["total"], 1) if row["total"] else None


SURVEY_WINDOW_DAYS = 90


def survey_results_reading(measure):
    """The score over the last 90 days (surveys go out a few times a year, so a month often
    has no answer), drilling down to the survey results of the same days."""

    def reading(request) -> KpiReading:
        end = organization_today(request.organization)
        start = end - timedelta(days=SURVEY_WINDOW_DAYS - 1)
        url = reverse("feedback:survey_results", kwargs={"org_slug": request.organization.slug})
        query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
        return KpiReading(measure(request.organization, start, end), f"{url}?{query}")

    return reading


def complaints_within_service_level(organization, start: date, end: date) -> float | None:
    """The % of complaints resolved in the period by their resolution due time."""
    row = Complaint.objects.filter(
        organization=organization,
        resolved_at__date__gte=start,
        resolved_at__date__lte=end,
    ).aggregate(met=Count("id", filter=Q(resolved_at__lte=F("resolve_due_at"))), total=Count("id"))
    return round(100 * row["met"] / row["total"], 1) if row["total"] else None


def complaints_open(request) -> KpiReading:
    return counted(
        request,
        url_name="feedback:complaint_list",
        query={"open": "true"},
        filterset=ComplaintFilter,
        queryset=complaint_selectors.complaints(organization=request.organization),
    )


def complaints_past_service_level(request) -> KpiReading:
    return counted(
        request,
        url_name="feedback:complaint_list",
        query={"overdue": "true"},
        filterset=ComplaintFilter,
        queryset=complaint_selectors.complaints(organization=request.organization),
    )


def complaints_received(organization, start: date, end: date) -> float | None:
    return Complaint.objects.filter(
        organization=organization, received_at__date__gte=start, received_at__date__lte=end
    ).count()
