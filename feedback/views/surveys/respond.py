"""The respondent's page: no sign-in, one personal link per recipient. It shows the
organisation's name and the questions, nothing else of the organisation; it works without
JavaScript. Every link that cannot be used (unknown, altered, expired, answered, opted out)
gets one plain page that says so and reveals nothing; a client that asks too often is
told to wait."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from feedback.forms.surveys import AnswerForm, posted_answers
from feedback.selectors import surveys as selectors
from feedback.services.surveys import responses as services
from relmgmt.accounts.clients import client_ip
from relmgmt.core.access import open_to_anyone

RATE_LIMIT = 30  # requests per client and organisation
RATE_WINDOW = 600  # seconds
BLANK_FORM_SECONDS = 24 * 3600

PROBLEMS = {
    "invalid": "This link does not work. Please use the link in the email you received.",
    "expired": "This survey is closed: its link has expired. Thank you all the same.",
    "opted_out": "You asked to receive no more surveys, so this link no longer works.",
}


def _limited(request) -> bool:
    key = f"feedback:survey-rate:{request.organization.pk}:{client_ip(request)}"
    if cache.add(key, 1, RATE_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, RATE_WINDOW)
        return False
    return count > RATE_LIMIT


def _page(request, name, context=None, status=200, *, reveal=True):
    """A public page; it names the organisation only to the holder of a genuine link."""
    context = {"org_name": request.organization.name if reveal else "", **(context or {})}
    response = render(request, f"feedback/surveys/public/{name}.html", context, status=status)
    response["Referrer-Policy"] = "same-origin"  # the link never leaves in a Referer
    response["X-Robots-Tag"] = "noindex"
    return response


def _problem(request, problem, status):
    message = PROBLEMS.get(problem, PROBLEMS["invalid"])
    return _page(request, "problem", {"message": message}, status, reveal=problem != "invalid")


@open_to_anyone
@never_cache
@csrf_protect
def survey_respond(request, org_slug, token):
    if _limited(request):
        return _page(request, "slow_down", status=429, reveal=False)
    if request.method == "POST":
        return _answer(request, org_slug, token)
    state = services.recipient_for_link(organization=request.organization, value=token)
    if state.problem == "answered":
        return _page(request, "thanks")
    if state.recipient is None or state.problem:
        return _link_problem(request, state.problem)
    campaign = state.recipient.campaign
    context = {"campaign": campaign, "template": campaign.template, "form": None}
    return _page(request, "respond", {**context, "questions": _blank_questions(campaign)})


def _link_problem(request, problem):
    problem = problem or "invalid"
    return _problem(request, problem, 404 if problem == "invalid" else 410)


def _answer(request, org_slug, token):
    """The service reads the link's recipient (locked) and its questions, checks them and
    the answers, and saves them once; the page reads the recipient and its sections only
    to show the answers again with their errors."""
    try:
        response = services.response_submit(
            organization=request.organization,
            value=token,
            answers=lambda questions: posted_answers(request.POST, questions),
        )
    except ValidationError as error:
        if getattr(error, "code", None) in PROBLEMS:
            return _link_problem(request, error.code)
        return _answers_in_error(request, token, error)
    if response is None:  # answered already: the first answers stand
        return _page(request, "thanks")
    return redirect("feedback:survey_respond", org_slug=org_slug, token=token)


def _answers_in_error(request, token, error):
    state = services.recipient_for_link(organization=request.organization, value=token)
    if state.recipient is None:
        return _link_problem(request, "invalid")
    campaign = state.recipient.campaign
    sections = selectors.sections_of(campaign.template)
    form = AnswerForm(request.POST, sections=sections)
    _describe(form, sections)
    for field, problems in error.message_dict.items():
        if field in form.fields:
            form.add_error(field, problems)
        else:
            form.add_error(None, problems)
    context = {"campaign": campaign, "template": campaign.template, "form": form}
    return _page(
        request, "respond", {**context, "questions": _questions(sections, form)}, status=400
    )


def _questions(sections, form) -> str:
    return render_to_string(
        "feedback/surveys/public/respond_questions.html", {"sections": sections, "form": form}
    )


def _blank_questions(campaign) -> str:
    """The unanswered questions, rendered once per template: a template that has been sent
    is frozen (a change makes its next version), so its blank form never changes."""
    template = campaign.template

    def render_blank() -> str:
        sections = selectors.sections_of(template)
        form = AnswerForm(sections=sections)
        _describe(form, sections)
        return _questions(sections, form)

    if not template.is_frozen:
        return render_blank()
    key = f"feedback:survey-questions:{template.pk}:{template.frozen_at.timestamp()}"
    questions = cache.get(key)
    if questions is None:
        questions = render_blank()
        cache.set(key, questions, BLANK_FORM_SECONDS)
    return mark_safe(questions)  # noqa: S308 (rendered by our own template, escaped there)


ENDS = {
    "nps": ("Not at all likely", "Extremely likely"),
    "csat": ("Very dissatisfied", "Very satisfied"),
    "effort": ("Very easy", "Very difficult"),
}


def _describe(form, sections) -> None:
    """Each question's field, and the words at the ends of its scale."""
    for section in sections:
        for question in section.question_list:
            question.bound = form[question.field_name]
            if question.range:
                low, high = question.range
                question.low_label, question.high_label = ENDS.get(
                    question.kind, (str(low), str(high))
                )
                question.hint = " ".join(
                    filter(
                        None,
                        [
                            question.help_text,
                            f"From {low} ({question.low_label.lower()}) "
                            f"to {high} ({question.high_label.lower()}).",
                        ],
                    )
                )
            else:
                question.hint = question.help_text


@open_to_anyone
@never_cache
@csrf_protect
def survey_unsubscribe(request, org_slug, token):
    """Ask for no more surveys: a GET shows the button, the POST records it."""
    if _limited(request):
        return _page(request, "slow_down", status=429, reveal=False)
    state = services.recipient_for_link(organization=request.organization, value=token)
    if state.recipient is None:
        return _link_problem(request, "invalid")
    if request.method == "POST":
        services.recipient_opt_out(organization=request.organization, value=token)
        return _page(request, "unsubscribed")
    return _page(request, "unsubscribe")
