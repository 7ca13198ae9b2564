"""The supplier portal's questionnaires: the list of the supplier's own, the answer form
(save a draft, submit), returned comments, and the files it uploaded.

Every lookup is inside the portal user's supplier: another supplier's questionnaire is not
found (404). The buyer's internal notes, points and score never reach these pages.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from relmgmt.core.access import org_view
from relmgmt.core.files import private_download
from relmgmt.core.forms import apply_service_errors
from suppliers.forms.questionnaires import AnswerForm
from suppliers.models import QuestionnaireAnswer, QuestionnaireEvent
from suppliers.selectors import questionnaires as selectors
from suppliers.services.questionnaires import sent as services

# What the supplier sees of the steps: not the buyer's score.
VISIBLE_EVENTS = (
    QuestionnaireEvent.Action.SENT,
    QuestionnaireEvent.Action.SUBMITTED,
    QuestionnaireEvent.Action.RETURNED,
    QuestionnaireEvent.Action.ACCEPTED,
    QuestionnaireEvent.Action.CANCELLED,
)


def _own(request):
    return selectors.requests_of_supplier(
        organization=request.organization, supplier=request.membership.supplier
    )


@org_view(read="portal.use")
def portal_questionnaire_list(request):
    context = {
        "supplier": request.membership.supplier,
        "questionnaires": _own(request).order_by("-sent_at", "-id"),
        "portal_section": "questionnaires",
    }
    return render(request, "suppliers/questionnaires/portal_list.html", context)


@org_view(read="portal.use", write="questionnaires.answer")
def portal_questionnaire_answer(request, pk):
    record = get_object_or_404(_own(request), pk=pk)
    sections = selectors.sections_of(record.template)
    answers = selectors.answers_of(record)
    editable = record.is_open
    form = AnswerForm(
        request.POST or None, request.FILES or None, sections=sections, answers=answers
    )
    status = 200
    if request.method == "POST" and editable and form.is_valid():
        submit = "submit" in request.POST
        try:
            services.answers_save(
                organization=request.organization,
                actor=request.user,
                request=record,
                values=form.values(),
                files=form.files_given(),
                submit=submit,
            )
        except PermissionDenied:
            raise
        except ValidationError as error:
            apply_service_errors(form, error)
            status = 400
        else:
            messages.success(
                request,
                "Your answers are submitted for review." if submit else "Your draft is saved.",
            )
            if submit:
                return redirect("portal:questionnaire_list", org_slug=request.organization.slug)
            return redirect(
                "portal:questionnaire_answer", org_slug=request.organization.slug, pk=record.pk
            )
    elif request.method == "POST":
        status = 400
        if not editable and form.is_valid():
            form.add_error(None, "These answers are handed in; they can no longer be changed.")
    for section in sections:
        for question in section.question_list:
            question.answer = answers.get(question.pk)
            question.bound_field = form[question.field_name]
    context = {
        "record": record,
        "sections": sections,
        "form": form,
        "editable": editable,
        "events": [e for e in selectors.events_of(record) if e.action in VISIBLE_EVENTS],
        "portal_section": "questionnaires",
    }
    return render(request, "suppliers/questionnaires/portal_answer.html", context, status=status)


@org_view(read="portal.use")
def portal_questionnaire_file(request, pk):
    try:
        answer = selectors.answer_for_file(
            organization=request.organization, pk=pk, supplier=request.membership.supplier
        )
    except QuestionnaireAnswer.DoesNotExist as error:
        raise Http404 from error
    return private_download(
        answer.file, filename=answer.original_name, content_type=answer.content_type
    )
