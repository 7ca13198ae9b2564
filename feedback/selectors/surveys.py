"""Reads of surveys: templates, campaigns with their counts by state, and results (NPS,
CSAT, effort, distributions, comments) per campaign, per period and per segment of the
register (party type, tier, owner).

The arithmetic: NPS is the share of promoters (9-10) minus the share of detractors (0-6),
in whole percentage points of the NPS answers; CSAT is the share of satisfaction answers of
4 or 5; effort is the mean of the effort answers. Each is None without answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from feedback.models import (
    SurveyAnswer,
    SurveyCampaign,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveySection,
    SurveyTemplate,
)
from feedback.models.complaints import Category
from feedback.models.surveys import SurveyQuestionKind
from parties.models import PARTY_TYPE_LABELS, Party, Tier
from relmgmt.core.remembered import remembered

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


# --- Arithmetic --------------------------------------------------------------------------


@dataclass(frozen=True)
class Nps:
    promoters: int
    passives: int
    detractors: int

    @property
    def total(self) -> int:
        return self.promoters + self.passives + self.detractors

    @property
    def score(self) -> float | None:
        if not self.total:
            return None
        return round(100 * (self.promoters - self.detractors) / self.total, 1)


def nps_of(scores: Iterable[int]) -> Nps:
    counts = Counter("p" if s >= 9 else "d" if s <= 6 else "n" for s in scores)
    return Nps(counts["p"], counts["n"], counts["d"])


def csat_of(scores: Iterable[int]) -> tuple[float | None, int, int]:
    """(the % of 4 and 5, how many 4 and 5, how many answers)."""
    values = list(scores)
    happy = sum(1 for s in values if s >= 4)
    return (round(100 * happy / len(values), 1) if values else None, happy, len(values))


def mean_of(scores: Iterable[int]) -> float | None:
    values = list(scores)
    return round(sum(values) / len(values), 2) if values else None


CATEGORY_LABELS = dict(Category.choices)


# --- Templates ---------------------------------------------------------------------------


def templates(*, organization: Organization) -> QuerySet[SurveyTemplate]:
    return (
        SurveyTemplate.objects.filter(organization=organization)
        .annotate(
            question_count=Count("questions", distinct=True),
            campaign_count=Count("campaigns", distinct=True),
        )
        .order_by("name", "-version")
    )


def sections_of(template: SurveyTemplate) -> list[Any]:
    """The template's sections, each with ``question_list`` and numbers (1, 1.1, 1.2...)."""
    sections: list[Any] = list(
        SurveySection.objects.filter(organization_id=template.organization_id, template=template)
        .order_by("position", "id")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=SurveyQuestion.objects.order_by("position", "id"),
                to_attr="question_list",
            )
        )
    )
    for number, section in enumerate(sections, 1):
        section.number = number
        for index, question in enumerate(section.question_list, 1):
            question.number = f"{number}.{index}"
    return sections  # SurveySection rows, with question_list and numbers


# --- Campaigns ---------------------------------------------------------------------------


STATE_COUNTS = {
    f"{state}_count": Count("recipients", filter=Q(recipients__state=state))
    for state in SurveyRecipient.State.values
}


def campaigns(*, organization: Organization) -> QuerySet[SurveyCampaign]:
    return (
        SurveyCampaign.objects.filter(organization=organization)
        .select_related("template")
        .annotate(recipient_count=Count("recipients"), **STATE_COUNTS)
        .order_by("-id")
    )


def response_rate(campaign: Any) -> float | None:
    delivered = campaign.recipient_count - campaign.bounced_count
    return round(100 * campaign.answered_count / delivered, 1) if delivered > 0 else None


def recipients_of(
    *, organization: Organization, campaign: SurveyCampaign
) -> QuerySet[SurveyRecipient]:
    return (
        SurveyRecipient.objects.filter(organization=organization, campaign=campaign)
        .select_related("party", "contact")
        .order_by("party__name", "id")
    )


# --- Results -----------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: SurveyQuestion
    distribution: list[tuple[str, int]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    answered: int = 0
    nps: Nps | None = None
    csat: tuple[float | None, int, int] | None = None
    mean: float | None = None


@dataclass
class Results:
    responses: int
    nps: Nps
    csat: tuple[float | None, int, int]
    effort: float | None
    questions: list[QuestionResult]
    follow_ups: int
    follow_ups_closed: int
    mean_days_to_close: float | None
    # (cause, how many) of the loops closed, most frequent first.
    causes: list[tuple[str, int]] = field(default_factory=list)

    @property
    def loop_closure_rate(self) -> float | None:
        if not self.follow_ups:
            return None
        return round(100 * self.follow_ups_closed / self.follow_ups, 1)


def answers(
    *,
    organization: Organization,
    campaign: SurveyCampaign | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[SurveyAnswer]:
    found = SurveyAnswer.objects.filter(organization=organization)
    if campaign is not None:
        found = found.filter(response__campaign=campaign)
    # Bounds in the time zone rather than each answer's local date: compared by index.
    if start is not None:
        found = found.filter(submitted_at__gte=day_start(start))
    if end is not None:
        found = found.filter(submitted_at__lt=day_start(end + timedelta(days=1)))
    return found


def answer_rows(*, organization: Organization) -> QuerySet[SurveyAnswer]:
    """Every answer with what its export row names (campaign, template version, party,
    question), newest first; the contact is left out (personal data)."""
    return (
        SurveyAnswer.objects.filter(organization=organization)
        .select_related("response__campaign", "response__template", "response__party", "question")
        .order_by("-submitted_at", "response_id", "question__position", "id")
    )


def results(
    *,
    organization: Organization,
    campaign: SurveyCampaign | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Results:
    """The scores over the chosen answers; per question only for one campaign (its
    template's questions)."""
    found = answers(organization=organization, campaign=campaign, start=start, end=end)
    by_kind: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in found.filter(number__isnull=False)
        .values("kind")
        .annotate(
            promoters=Count("id", filter=Q(number__gte=9)),
            detractors=Count("id", filter=Q(number__lte=6)),
            happy=Count("id", filter=Q(number__gte=4)),
            total=Count("id"),
        )
    }
    nps_row: dict[str, Any] = by_kind.get(SurveyQuestionKind.NPS, {})
    nps = Nps(
        nps_row.get("promoters", 0),
        nps_row.get("total", 0) - nps_row.get("promoters", 0) - nps_row.get("detractors", 0),
        nps_row.get("detractors", 0),
    )
    csat_row: dict[str, Any] = by_kind.get(SurveyQuestionKind.CSAT, {})
    csat_total = csat_row.get("total", 0)
    csat = (
        round(100 * csat_row["happy"] / csat_total, 1) if csat_total else None,
        csat_row.get("happy", 0),
        csat_total,
    )
    effort = mean_of(
        number
        for number in found.filter(kind=SurveyQuestionKind.EFFORT).values_list("number", flat=True)
        if number is not None
    )
    questions: list[QuestionResult] = []
    if campaign is not None:
        questions = _question_results(organization, campaign, found)
    responses = SurveyResponse.objects.filter(organization=organization)
    if campaign is not None:
        responses = responses.filter(campaign=campaign)
    if start is not None:
        responses = responses.filter(submitted_at__date__gte=start)
    if end is not None:
        responses = responses.filter(submitted_at__date__lte=end)
    # Every answer at or below the threshold opens a loop; it is closed when the loop is
    # recorded as closed (or its follow-up action marked done on the party's page).
    loops = list(
        responses.exclude(follow_up_reason="").values_list(
            "submitted_at", "loop_closed_at", "follow_up__done_at", "loop_cause"
        )
    )
    closed = [
        (end - sent).total_seconds() / 86400
        for sent, closed_at, done, _ in loops
        if (end := closed_at or done) is not None
    ]
    causes = Counter(cause for *_, cause in loops if cause)
    return Results(
        responses=responses.count(),
        nps=nps,
        csat=csat,
        effort=effort,
        questions=questions,
        follow_ups=len(loops),
        follow_ups_closed=len(closed),
        mean_days_to_close=round(sum(closed) / len(closed), 1) if closed else None,
        causes=[(CATEGORY_LABELS.get(cause, cause), n) for cause, n in causes.most_common()],
    )


def _question_results(
    organization: Organization, campaign: SurveyCampaign, found: QuerySet[SurveyAnswer]
) -> list[QuestionResult]:
    questions = list(
        SurveyQuestion.objects.filter(organization=organization, template_id=campaign.template_id)
        .select_related("section")
        .order_by("section__position", "position", "id")
    )
    rows: dict[int, list[SurveyAnswer]] = {}
    for answer in found.only("question_id", "number", "choices", "text").order_by("id"):
        rows.setdefault(answer.question_id, []).append(answer)
    out = []
    for question in questions:
        given = rows.get(question.pk, [])
        result = QuestionResult(question=question, answered=len(given))
        numbers = [a.number for a in given if a.number is not None]
        if question.range:
            low, high = question.range
            counts = Counter(numbers)
            result.distribution = [(str(n), counts[n]) for n in range(low, high + 1)]
            result.mean = mean_of(numbers)
            if question.kind == SurveyQuestionKind.NPS:
                result.nps = nps_of(numbers)
            if question.kind == SurveyQuestionKind.CSAT:
                result.csat = csat_of(numbers)
        elif question.kind == SurveyQuestionKind.YES_NO:
            result.distribution = [("Yes", numbers.count(1)), ("No", numbers.count(0))]
        elif question.options:
            counts = Counter(choice for a in given for choice in a.choices)
            result.distribution = [(option, counts[option]) for option in question.options]
        else:
            result.comments = [a.text for a in given if a.text]
        out.append(result)
    return out


@dataclass(frozen=True)
class TrendPoint:
    label: str
    nps: Nps
    csat: float | None
    csat_total: int


def day_start(day: date) -> datetime:
    """The first moment of ``day`` in the active (the organisation's) time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def quarters_between(start: date, end: date) -> list[tuple[str, datetime, datetime]]:
    """The calendar quarters from ``start``'s to ``end``'s, each as (label, from, until)
    in the active time zone, the first from ``start`` and the last until the end of ``end``."""
    found = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        first = date(year, 3 * quarter - 2, 1)
        following = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
        found.append(
            (
                f"{year} Q{quarter}",
                day_start(max(first, start)),
                day_start(min(following, end + timedelta(days=1))),
            )
        )
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


def trend(*, organization: Organization, start: date, end: date) -> list[TrendPoint]:
    """NPS and CSAT per calendar quarter from ``start`` to ``end``, in the organisation's
    time zone: one GROUP BY of the answers by quarter and kind. The quarter of an answer
    is found by comparing its time with the quarters' bounds (computed here, in the time
    zone), which the database does natively and by index, rather than by converting every
    answer's time to a local date."""
    quarters = quarters_between(start, end)
    if not quarters:
        return []
    which = Case(
        *[
            When(submitted_at__lt=until, then=Value(index))
            for index, (_, _, until) in enumerate(quarters)
        ],
        output_field=IntegerField(),
    )
    rows = (
        SurveyAnswer.objects.filter(
            organization=organization,
            kind__in=[SurveyQuestionKind.NPS, SurveyQuestionKind.CSAT],
            number__isnull=False,
            submitted_at__gte=quarters[0][1],
            submitted_at__lt=quarters[-1][2],
        )
        .annotate(quarter=which)
        .values("quarter", "kind")
        .annotate(
            promoters=Count("id", filter=Q(number__gte=9)),
            detractors=Count("id", filter=Q(number__lte=6)),
            happy=Count("id", filter=Q(number__gte=4)),
            total=Count("id"),
        )
        .order_by()
    )
    sums: dict[tuple[int, str], Any] = {(row["quarter"], row["kind"]): row for row in rows}
    points = []
    for index, (label, _, _) in enumerate(quarters):
        nps_row = sums.get((index, SurveyQuestionKind.NPS), {})
        promoters, detractors = nps_row.get("promoters", 0), nps_row.get("detractors", 0)
        csat_row = sums.get((index, SurveyQuestionKind.CSAT), {})
        happy, total = csat_row.get("happy", 0), csat_row.get("total", 0)
        points.append(
            TrendPoint(
                label=label,
                nps=Nps(promoters, nps_row.get("total", 0) - promoters - detractors, detractors),
                csat=round(100 * happy / total, 1) if total else None,
                csat_total=total,
            )
        )
    return points


# --- Closing the loop --------------------------------------------------------------------


def loops_of(*, organization: Organization, campaign: SurveyCampaign) -> QuerySet[SurveyResponse]:
    """The campaign's answers that opened a follow-up, open ones first."""
    return (
        SurveyResponse.objects.filter(organization=organization, campaign=campaign)
        .exclude(follow_up_reason="")
        .select_related("party", "follow_up__owner", "complaint", "loop_closed_by")
        .order_by(F("loop_closed_at").desc(nulls_first=True), "submitted_at", "id")
    )


def loop_response(*, organization: Organization) -> QuerySet[SurveyResponse]:
    """Answers whose loop may be closed, with what the closing page shows."""
    return (
        SurveyResponse.objects.filter(organization=organization)
        .exclude(follow_up_reason="")
        .select_related("party", "campaign", "recipient__contact", "follow_up", "complaint")
    )


# --- A party's latest scores ---------------------------------------------------------


@dataclass(frozen=True)
class LatestScores:
    """The rated answers of a party's latest survey response (None where not answered)."""

    response: SurveyResponse
    nps: int | None
    csat: int | None
    effort: int | None


def latest_scores_shown(
    *, organization: Organization, party_id: int
) -> tuple[str, str, int, str] | None:
    """What the party's and supplier's pages show of ``latest_scores``: the scores as text
    ("NPS 9 of 10 · CSAT 4 of 5"), the day answered, and the campaign (id and name) whose
    results they link to; None when the party never answered. Remembered while the
    organisation's records stay as they are."""
    shown = remembered(
        f"latest-scores:{party_id}:{organization.timezone}",
        organization,
        lambda: _latest_scores_shown(organization, party_id) or (),
    )
    return shown or None


def _latest_scores_shown(organization: Organization, party_id: int) -> tuple | None:
    latest = latest_scores(organization=organization, party_id=party_id)
    if latest is None:
        return None
    parts = [
        f"{label} {value} of {top}"
        for label, value, top in (
            ("NPS", latest.nps, 10),
            ("CSAT", latest.csat, 5),
            ("effort", latest.effort, 7),
        )
        if value is not None
    ] or ["no rated answer"]
    campaign = latest.response.campaign
    day = timezone.localtime(latest.response.submitted_at).date().isoformat()
    return " · ".join(parts), day, campaign.pk, campaign.name


def latest_scores(*, organization: Organization, party_id: int) -> LatestScores | None:
    """The NPS, CSAT and effort answers of the party's latest response, or None when it
    never answered a survey; two queries."""
    response = (
        SurveyResponse.objects.filter(organization=organization, party_id=party_id)
        .select_related("campaign")
        .order_by("-submitted_at", "-id")
        .first()
    )
    if response is None:
        return None
    given: dict[str, int] = {}
    for kind, number in (
        SurveyAnswer.objects.filter(
            organization=organization,
            response=response,
            kind__in=[SurveyQuestionKind.NPS, SurveyQuestionKind.CSAT, SurveyQuestionKind.EFFORT],
            number__isnull=False,
        )
        .order_by("id")
        .values_list("kind", "number")
    ):
        if number is not None:
            given.setdefault(kind, number)
    return LatestScores(
        response=response,
        nps=given.get(SurveyQuestionKind.NPS),
        csat=given.get(SurveyQuestionKind.CSAT),
        effort=given.get(SurveyQuestionKind.EFFORT),
    )


# --- Segments ----------------------------------------------------------------------------


SEGMENTS = {"type": "Party type", "tier": "Tier", "owner": "Owner"}


@dataclass
class SegmentResult:
    label: str
    parties: int = 0
    responses: int = 0
    nps: Nps = field(default_factory=lambda: Nps(0, 0, 0))
    csat_happy: int = 0
    csat_total: int = 0
    effort_sum: int = 0
    effort_total: int = 0

    @property
    def csat(self) -> float | None:
        return round(100 * self.csat_happy / self.csat_total, 1) if self.csat_total else None

    @property
    def effort(self) -> float | None:
        return round(self.effort_sum / self.effort_total, 2) if self.effort_total else None


def results_by_segment(
    *,
    organization: Organization,
    segment: str,
    campaign: SurveyCampaign | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[SegmentResult]:
    """NPS, CSAT and effort per party type, tier or owner (``segment``), over the answers
    chosen as ``results`` chooses them. The answers are grouped per party in the database
    (three queries whatever the answers); a party of several types counts in each of them.
    Segments are as the register says today, ordered by label."""
    if segment not in SEGMENTS:
        raise ValueError(f"Unknown segment {segment!r}")
    per_party = (
        answers(organization=organization, campaign=campaign, start=start, end=end)
        .filter(
            kind__in=[SurveyQuestionKind.NPS, SurveyQuestionKind.CSAT, SurveyQuestionKind.EFFORT],
            number__isnull=False,
        )
        .values("response__party_id", "kind")
        .annotate(
            promoters=Count("id", filter=Q(number__gte=9)),
            detractors=Count("id", filter=Q(number__lte=6)),
            happy=Count("id", filter=Q(number__gte=4)),
            total=Count("id"),
            number_sum=Sum("number"),
        )
        .order_by()
    )
    responses = SurveyResponse.objects.filter(organization=organization)
    if campaign is not None:
        responses = responses.filter(campaign=campaign)
    if start is not None:
        responses = responses.filter(submitted_at__date__gte=start)
    if end is not None:
        responses = responses.filter(submitted_at__date__lte=end)
    response_counts = dict(
        responses.values("party_id").annotate(n=Count("id")).values_list("party_id", "n").order_by()
    )
    parties = {
        row["pk"]: row
        for row in Party.objects.filter(organization=organization, pk__in=list(response_counts))
        .values("pk", "types", "tier", "owner_id", "owner__email", "owner__full_name")
        .order_by()
    }
    tier_labels = dict(Tier.choices)

    def labels(party: Any) -> list[str]:
        if segment == "type":
            return [PARTY_TYPE_LABELS.get(t, t) for t in party["types"]] or ["No type"]
        if segment == "tier":
            return [tier_labels.get(party["tier"], party["tier"])]
        if party["owner_id"] is None:
            return ["No owner"]
        return [party["owner__full_name"] or party["owner__email"]]

    found: dict[str, SegmentResult] = {}
    party_segments: dict[int, list[SegmentResult]] = {}
    for party_id, count in response_counts.items():
        party = parties.get(party_id)
        if party is None:
            continue
        party_segments[party_id] = [
            found.setdefault(label, SegmentResult(label)) for label in labels(party)
        ]
        for result in party_segments[party_id]:
            result.parties += 1
            result.responses += count
    for row in per_party:
        for result in party_segments.get(row["response__party_id"], []):
            if row["kind"] == SurveyQuestionKind.NPS:
                passives = row["total"] - row["promoters"] - row["detractors"]
                result.nps = Nps(
                    result.nps.promoters + row["promoters"],
                    result.nps.passives + passives,
                    result.nps.detractors + row["detractors"],
                )
            elif row["kind"] == SurveyQuestionKind.CSAT:
                result.csat_happy += row["happy"]
                result.csat_total += row["total"]
            else:
                result.effort_sum += row["number_sum"] or 0
                result.effort_total += row["total"]
    return sorted(found.values(), key=lambda result: result.label.lower())


# --- Results pages, remembered -----------------------------------------------------------


def campaign_figures(
    *, organization: Organization, campaign: SurveyCampaign, segment: str
) -> tuple[Results, list[SegmentResult]]:
    """``results`` and ``results_by_segment`` of a campaign, remembered while the
    organisation's records (answers, responses, parties) stay as they are: the page reads
    the trail's head, not every answer again."""
    return remembered(
        f"survey-campaign-figures:{campaign.pk}:{segment}",
        organization,
        lambda: (
            results(organization=organization, campaign=campaign),
            results_by_segment(organization=organization, segment=segment, campaign=campaign),
        ),
    )


def period_figures(
    *, organization: Organization, start: date, end: date, segment: str
) -> tuple[Results, list[SegmentResult], list[TrendPoint]]:
    """``results``, ``results_by_segment`` and ``trend`` from ``start`` to ``end``,
    remembered as ``campaign_figures`` are."""
    return remembered(
        f"survey-period-figures:{start.isoformat()}:{end.isoformat()}:{segment}",
        organization,
        lambda: (
            results(organization=organization, start=start, end=end),
            results_by_segment(organization=organization, segment=segment, start=start, end=end),
            trend(organization=organization, start=start, end=end),
        ),
    )
