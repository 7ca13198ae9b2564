"""Pages of survey campaigns: the list with counts by state and response rates, a new
campaign (its audience as a filter over the register), its page (recipients, send, close,
a bounce recorded), and the results, per campaign and over a period with the trend, each
per segment of the register, and their answers exported as CSV and XLSX."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from feedback.filters.surveys import SurveyAnswerFilter
from feedback.forms.surveys import (
    BounceForm,
    CampaignForm,
    LoopCloseForm,
    ResultsFilterForm,
    SegmentForm,
)
from feedback.models import SurveyCampaign, SurveyRecipient
from feedback.selectors import surveys as selectors
from feedback.services.surveys import campaigns as services
from feedback.services.surveys import follow_ups as follow_up_services
from feedback.templatetags.survey_tags import trend_chart
from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.dates import organization_today
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.forms import apply_service_errors
from relmgmt.tenancy.selectors import member_users


def _local(moment):
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


# Every answer of the results shown (a campaign's, or a period's), one row per answer.
SURVEY_ANSWER_EXPORT = ListExport(
    name="survey-answers",
    sheet="Survey answers",
    filterset=SurveyAnswerFilter,
    queryset=selectors.answer_rows,
    columns=[
        Column("Response", lambda a: a.response_id),
        Column("Submitted", lambda a: _local(a.submitted_at)),
        Column("Campaign", lambda a: a.response.campaign.name),
        Column("Template", lambda a: a.response.template.name),
        Column("Version", lambda a: a.response.template.version),
        Column("Party", lambda a: a.response.party.name),
        Column("Party types", lambda a: a.response.party.types_label),
        Column("Tier", lambda a: a.response.party.get_tier_display()),
        Column("Question", lambda a: a.question.text),
        Column("Kind", lambda a: a.get_kind_display()),
        Column("Score", lambda a: a.number),
        Column("Choices", lambda a: a.choices),
        Column("Comment", lambda a: a.text),
    ],
)
results_export = export_view(SURVEY_ANSWER_EXPORT)


def _export_urls(request, **query):
    """The answers export as CSV and XLSX, for the results shown."""
    suffix = "?" + urlencode({k: v for k, v in query.items() if v is not None})
    return [
        (
            label,
            fmt,
            reverse(
                "feedback:survey_results_export",
                kwargs={"org_slug": request.organization.slug, "fmt": fmt},
            )
            + suffix,
        )
        for fmt, label in (("csv", "CSV"), ("xlsx", "Excel (XLSX)"))
    ]


@org_view(read="records.view")
def campaign_list(request):
    found = list(selectors.campaigns(organization=request.organization).order_by("-id")[:200])
    for campaign in found:
        campaign.rate = selectors.response_rate(campaign)
    context = {
        "campaigns": found,
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render(request, "feedback/surveys/campaign_list.html", context)


def _form(request, instance=None):
    return CampaignForm(
        request.POST or None,
        instance=instance,
        organization=request.organization,
        members=member_users(organization=request.organization),
    )


@org_view(read="records.change", write="records.change")
def campaign_create(request):
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(
                organization=request.organization, actor=request.user, data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, "The campaign is saved as a draft: check its audience, then send it."
            )
            return _to_detail(request, campaign.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": "New survey campaign"}
    return render(request, "feedback/surveys/campaign_form.html", context, status=status)


def _campaign(request, pk):
    return get_object_or_404(selectors.campaigns(organization=request.organization), pk=pk)


@org_view(read="records.view", write="records.change")
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    form = None
    if campaign.status == SurveyCampaign.Status.DRAFT:
        form = _form(request, instance=campaign)
        if request.method == "POST" and form.is_valid():
            try:
                services.campaign_update(
                    organization=request.organization,
                    actor=request.user,
                    campaign=campaign,
                    data=form.service_data(),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, "Saved.")
                return _to_detail(request, campaign.pk)
    elif request.method == "POST":
        messages.error(request, "A sent campaign is frozen.")
        return _to_detail(request, campaign.pk)
    audience = None
    if campaign.status == SurveyCampaign.Status.DRAFT:
        audience = services.audience_contacts(
            organization=request.organization, audience=campaign.audience
        ).count()
    context = {
        "campaign": campaign,
        "form": form,
        "audience_size": audience,
        "rate": selectors.response_rate(campaign),
        "recipients": selectors.recipients_of(organization=request.organization, campaign=campaign)[
            :500
        ],
        "can_change": policy.can(request.membership, "records.change"),
        "states": SurveyRecipient.State,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "feedback/surveys/campaign_detail.html", context, status=status)


@org_view(read="records.change", write="records.change")
def campaign_send(request, pk):
    campaign = _campaign(request, pk)
    if request.method == "POST":
        try:
            count = services.campaign_send(
                organization=request.organization, actor=request.user, campaign=campaign
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Sent to {count} contact{'s' if count != 1 else ''}.")
    return _to_detail(request, campaign.pk)


@org_view(read="records.change", write="records.change")
def campaign_close(request, pk):
    campaign = _campaign(request, pk)
    if request.method == "POST":
        try:
            services.campaign_close(
                organization=request.organization, actor=request.user, campaign=campaign
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Closed: the links no longer work and no reminder goes out.")
    return _to_detail(request, campaign.pk)


@org_view(read="records.change", write="records.change")
def recipient_bounce(request, pk):
    """Record that a recipient's address bounced (``recipient`` is posted)."""
    campaign = _campaign(request, pk)
    form = BounceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recipient = get_object_or_404(
            SurveyRecipient.objects.filter(organization=request.organization, campaign=campaign),
            pk=form.cleaned_data["recipient"],
        )
        services.recipient_bounced(
            organization=request.organization, actor=request.user, recipient=recipient
        )
        messages.success(request, "Recorded as bounced: no more email goes to that address.")
    return _to_detail(request, campaign.pk)


@org_view(read="records.view")
def campaign_results(request, pk):
    campaign = _campaign(request, pk)
    form = SegmentForm(request.GET or None)
    segment = form.chosen()
    results, segments = selectors.campaign_figures(
        organization=request.organization, campaign=campaign, segment=segment
    )
    context = {
        "campaign": campaign,
        "results": results,
        "rate": selectors.response_rate(campaign),
        "segment_form": form,
        "segment_label": selectors.SEGMENTS[segment],
        "segments": segments,
        "exports": _export_urls(request, campaign=campaign.pk),
        "loops": selectors.loops_of(organization=request.organization, campaign=campaign)[:200],
    }
    return render(request, "feedback/surveys/campaign_results.html", context)


@org_view(read="records.view")
def results_overview(request):
    """Scores over a period (default: the last two years) and the quarterly trend."""
    today = organization_today(request.organization)
    form = ResultsFilterForm(request.GET or None)
    start, end = today - timedelta(days=730), today
    if form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    if start > end:
        start, end = end, start
    segment = form.chosen()
    results, segments, points = selectors.period_figures(
        organization=request.organization, start=start, end=end, segment=segment
    )
    context = {
        "form": form,
        "segment_label": selectors.SEGMENTS[segment],
        "segments": segments,
        "exports": _export_urls(request, start=start.isoformat(), end=end.isoformat()),
        "start": start,
        "end": end,
        "results": results,
        "points": points,
        "chart": trend_chart(points),
    }
    return render(request, "feedback/surveys/results.html", context)


@org_view(read="records.view", write="records.change")
def loop_close(request, pk):
    """An unhappy answer's follow-up: the loop closed (contact made, cause, outcome, a
    complaint raised from it), or the form to close it."""
    response = get_object_or_404(selectors.loop_response(organization=request.organization), pk=pk)
    can_change = policy.can(request.membership, "records.change")
    form = LoopCloseForm(request.POST or None) if response.loop_closed_at is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            follow_up_services.loop_close(
                organization=request.organization,
                actor=request.user,
                response=response,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The loop is closed.")
            return redirect(
                "feedback:survey_loop_close", org_slug=request.organization.slug, pk=response.pk
            )
    elif request.method == "POST":
        messages.error(request, "The loop on this answer is closed already.")
    context = {"response": response, "form": form if can_change else None}
    status = 400 if form is not None and form.errors else 200
    return render(request, "feedback/surveys/loop_close.html", context, status=status)


def _to_detail(request, pk):
    return redirect("feedback:survey_campaign_detail", org_slug=request.organization.slug, pk=pk)
