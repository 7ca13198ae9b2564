"""Pages of sent questionnaires: send a template, the list (filters, constant queries), the
review page (answers, points, accept or return), cancel, and an answer's file (as an
attachment, permission-checked)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from relmgmt import policy
from relmgmt.core.access import org_view
from relmgmt.core.exports import Column, ListExport, export_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from relmgmt.core.htmx import render_page_or_fragment
from relmgmt.core.pagination import paginate
from suppliers.filters.questionnaires import QuestionnaireRequestFilter
from suppliers.forms.questionnaires import CancelForm, ReviewForm, SendForm
from suppliers.models import QuestionnaireAnswer
from suppliers.models.questionnaires import RequestStatus
from suppliers.selectors import questionnaires as selectors
from suppliers.services.questionnaires import sent as services

# The sent questionnaires and their export.
QUESTIONNAIRE_EXPORT = ListExport(
    name="questionnaires",
    sheet="Questionnaires",
    filterset=QuestionnaireRequestFilter,
    queryset=selectors.requests,
    columns=[
        Column("Supplier", lambda record: record.supplier.party.name),
        Column("Code", lambda record: record.supplier.code),
        Column("Questionnaire", lambda record: record.template.name),
        Column("Version", lambda record: record.template.version),
        Column("Sent", lambda record: timezone.localdate(record.sent_at)),
        Column("Due", lambda record: record.due_date),
        Column("Status", lambda record: record.get_status_display()),
        Column("Overdue", lambda record: "yes" if record.overdue else "no"),
        Column("Score", lambda record: record.score),
    ],
)
questionnaire_export = export_view(QUESTIONNAIRE_EXPORT)


@org_view(read="records.view")
def questionnaire_list(request):
    found = QUESTIONNAIRE_EXPORT.filter(request)
    page = paginate(request, found.qs)
    context = {
        "filter": found,
        "page": page,
        "can_change": policy.can(request.membership, "records.change"),
    }
    return render_page_or_fragment(
        request, "suppliers/questionnaires/request_list.html", "results", context
    )


@org_view(read="records.change", write="records.change")
def questionnaire_send(request, pk):
    organization = request.organization
    template = get_object_or_404(selectors.templates(organization=organization), pk=pk)
    initial = {}
    if supplier_id := request.GET.get("supplier", "").strip():
        initial["suppliers"] = [supplier_id] if supplier_id.isdigit() else []
    form = SendForm(request.POST or None, organization=organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.questionnaire_send(
                organization=organization,
                actor=request.user,
                template=template,
                suppliers=form.cleaned_data["suppliers"],
                due_date=form.cleaned_data["due_date"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                f"“{template}” is sent to {len(sent)} supplier{'s' if len(sent) > 1 else ''}.",
            )
            return redirect("suppliers:questionnaire_list", org_slug=organization.slug)
    context = {"form": form, "template": template}
    return render(request, "suppliers/questionnaires/send_form.html", context)


def answered_sections(request_record):
    """The template's sections and questions, each question with its answer and points."""
    sections = selectors.sections_of(request_record.template)
    answers = selectors.answers_of(request_record)
    questions = [question for section in sections for question in section.question_list]
    score = services.score_of(request_record, answers=list(answers.values()), questions=questions)
    points = {line.question.pk: line.points for line in score.lines}
    for section in sections:
        for question in section.question_list:
            question.answer = answers.get(question.pk)
            question.points = points.get(question.pk)
    return sections, answers, score


@org_view(read="records.view", write="records.change")
def questionnaire_detail(request, pk):
    """The review page: answers with their points; a POST accepts or returns them."""
    organization = request.organization
    record = get_object_or_404(selectors.requests(organization=organization), pk=pk)
    sections, answers, score = answered_sections(record)
    manual = [q for s in sections for q in s.question_list if q.is_manually_scored]
    form = ReviewForm(request.POST or None, manual_questions=manual, answers=answers)
    if request.method == "POST" and form.is_valid():
        decision = "return" if "return" in request.POST else "accept"
        try:
            services.questionnaire_review(
                organization=organization,
                actor=request.user,
                request=record,
                decision=decision,
                points=form.points(),
                comments=form.cleaned_data["comments"],
                internal_notes=form.cleaned_data["internal_notes"],
                due_date=form.cleaned_data["due_date"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            done = "accepted" if decision == "accept" else "returned to the supplier"
            messages.success(request, f"The answers are {done}.")
            return redirect("suppliers:questionnaire_detail", org_slug=organization.slug, pk=pk)
    can_change = policy.can(request.membership, "records.change")
    context = {
        "record": record,
        "sections": sections,
        "score": score,
        "events": selectors.events_of(record),
        "form": form,
        "can_review": can_change and record.status == RequestStatus.SUBMITTED,
        "can_cancel": can_change
        and record.status not in (RequestStatus.ACCEPTED, RequestStatus.CANCELLED),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "suppliers/questionnaires/request_detail.html", context, status=status)


@org_view(read="records.change", write="records.change")
def questionnaire_cancel(request, pk):
    organization = request.organization
    record = get_object_or_404(selectors.requests(organization=organization), pk=pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.questionnaire_cancel(
                organization=organization,
                actor=request.user,
                request=record,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "The questionnaire is cancelled.")
            return redirect("suppliers:questionnaire_detail", org_slug=organization.slug, pk=pk)
    return render(
        request, "suppliers/questionnaires/cancel_form.html", {"form": form, "record": record}
    )


@org_view(read="records.view")
def questionnaire_answer_file(request, pk):
    try:
        answer = selectors.answer_for_file(organization=request.organization, pk=pk)
    except QuestionnaireAnswer.DoesNotExist as error:
        raise Http404 from error
    return private_download(
        answer.file, filename=answer.original_name, content_type=answer.content_type
    )
