"""Questionnaires through their services: building and freezing templates, the scoring rule
against hand-computed cases, draft, submit, return, resubmit, accept, cancel, refused input
(nothing half-saved) and the reminders."""

import os
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder, ReminderRecipient
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import QuestionnaireAnswer, QuestionnaireEvent, QuestionnaireRequest
from suppliers.models.questionnaires import RequestStatus
from suppliers.selectors import questionnaires as questionnaire_selectors
from suppliers.services.questionnaires import scoring as questionnaire_scoring
from suppliers.services.questionnaires import sent as services
from suppliers.services.questionnaires import templates

from .questionnaire_helpers import build_template, full_answers, questions_by_kind, send

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def supplier(supplier_member):
    return supplier_member.supplier


@pytest.fixture
def template(org, manager):
    return build_template(org, manager.user)


@pytest.fixture
def sent(org, manager, template, supplier):
    return send(org, manager.user, template, supplier)


def save(org, member, request, values=None, files=None, submit=False):
    return services.answers_save(
        organization=org,
        actor=member.user,
        request=request,
        values=values or {},
        files=files or {},
        submit=submit,
    )


def reload(org, request):
    with org_scope(org):
        return QuestionnaireRequest.objects.get(pk=request.pk)


def answers(org, request) -> dict:
    with org_scope(org):
        return {a.question.kind: a for a in QuestionnaireAnswer.objects.filter(request=request)}


# --- The scoring rule --------------------------------------------------------------------


def test_the_score_is_the_weighted_mean_of_points_worked_out_by_hand(
    org, manager, template, sent, supplier_member
):
    save(org, supplier_member, sent, full_answers(template), submit=True)
    text = questions_by_kind(template)["text"]
    request = services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=reload(org, sent),
        decision="accept",
        points={text.pk: "80"},
    )
    # yes 100 x1, scale 4 of 1..5 = 75 x2, "Spreadsheets" 5 of 10 = 50 x3, text 80 x1;
    # the file question is not scored: (100 + 150 + 150 + 80) / 7 = 68.57...
    assert request.score == Decimal("68.6")
    assert reload(org, sent).status == RequestStatus.ACCEPTED


def test_unanswered_scored_questions_earn_nothing(org, template):
    with org_scope(org):
        questions = list(template.questions.all())
    q = questions_by_kind(template)
    result = questionnaire_scoring.score(questions, {q["yes_no"].pk: True}, {q["text"].pk: 100})
    # (100 x1 + 100 x1) / 7
    assert result.total == Decimal("28.6")
    assert result.missing_manual == []


def test_no_and_the_bottom_of_the_scale_earn_zero_and_the_best_option_full_points(org, template):
    with org_scope(org):
        questions = list(template.questions.all())
    q = questions_by_kind(template)
    values = {q["yes_no"].pk: False, q["scale"].pk: 1, q["choice"].pk: "ERP with MRP"}
    result = questionnaire_scoring.score(questions, values, {q["text"].pk: Decimal(0)})
    assert [line.points for line in result.lines] == [0, 0, 100, 0]
    assert result.total == Decimal("42.9")  # 300 / 7


# --- Templates ---------------------------------------------------------------------------


def test_a_sent_template_is_frozen_and_a_new_version_copies_it(org, manager, template, sent):
    with org_scope(org):
        template.refresh_from_db()
        section = template.sections.first()
        question = template.questions.first()
    assert template.is_frozen
    for change in (
        lambda: templates.template_update(
            organization=org, actor=manager.user, template=template, data={"name": "Other"}
        ),
        lambda: templates.section_add(
            organization=org, actor=manager.user, template=template, data={"title": "More"}
        ),
        lambda: templates.question_update(
            organization=org, actor=manager.user, question=question, data={"weight": 5}
        ),
        lambda: templates.question_delete(organization=org, actor=manager.user, question=question),
        lambda: templates.section_move(
            organization=org, actor=manager.user, section=section, direction="down"
        ),
    ):
        with pytest.raises(ValidationError, match="frozen.*new version"):
            change()
    copy = templates.template_new_version(organization=org, actor=manager.user, template=template)
    assert (copy.name, copy.version, copy.previous_id) == (template.name, 2, template.pk)
    with org_scope(org):
        assert [q.text for q in copy.questions.order_by("section__position", "position")] == [
            q.text for q in template.questions.order_by("section__position", "position")
        ]
    with org_scope(org):
        first = copy.questions.first()
    templates.question_update(
        organization=org, actor=manager.user, question=first, data={"weight": 5}
    )
    with pytest.raises(ValidationError, match="not sent yet"):
        templates.template_new_version(organization=org, actor=manager.user, template=template)


def test_questions_are_checked_and_reordered(org, manager, template):
    with org_scope(org):
        section = template.sections.first()
    with pytest.raises(ValidationError) as error:
        templates.question_add(
            organization=org,
            actor=manager.user,
            section=section,
            data={"text": "Rate us", "kind": "scale", "scale_min": 5, "scale_max": 1},
        )
    assert "must be above the lowest" in error.value.message_dict["scale_max"][0]
    with pytest.raises(ValidationError) as error:
        templates.question_add(
            organization=org,
            actor=manager.user,
            section=section,
            data={"text": "Pick", "kind": "choice", "options": "Only one = 3"},
        )
    assert error.value.message_dict["options"] == ["A single choice needs at least two options."]
    with pytest.raises(ValidationError, match="label = points"):
        templates.question_add(
            organization=org,
            actor=manager.user,
            section=section,
            data={"text": "Pick", "kind": "choice", "options": "A\nB"},
        )
    added = templates.question_add(
        organization=org,
        actor=manager.user,
        section=section,
        data={"text": "Pick", "kind": "choice", "options": "Good = 10\nBad = 0"},
    )
    assert added.options == [{"label": "Good", "points": 10}, {"label": "Bad", "points": 0}]
    templates.question_move(organization=org, actor=manager.user, question=added, direction="up")
    with org_scope(org):
        order = list(section.questions.order_by("position").values_list("text", flat=True))
    assert order[-2] == "Pick"


# --- Send --------------------------------------------------------------------------------


def test_sending_refuses_a_past_due_date_and_no_supplier(org, manager, template, supplier):
    with pytest.raises(ValidationError) as error:
        services.questionnaire_send(
            organization=org,
            actor=manager.user,
            template=template,
            suppliers=[],
            due_date=organization_today(org),
        )
    assert set(error.value.message_dict) == {"suppliers", "due_date"}
    with org_scope(org):
        template.refresh_from_db()
        assert not template.is_frozen and not QuestionnaireRequest.objects.exists()


def test_a_supplier_with_the_questionnaire_open_is_not_sent_it_twice(
    org, manager, template, sent, supplier
):
    with pytest.raises(ValidationError, match="already has this questionnaire open"):
        send(org, manager.user, template, supplier)


def test_sending_reminds_the_portal_users_a_week_before_the_due_date(
    org, manager, template, supplier, supplier_member
):
    request = send(org, manager.user, template, supplier, days=30)
    with org_scope(org):
        reminder = Reminder.objects.get(kind="suppliers.questionnaire_due", escalation_level=0)
        recipients = set(
            ReminderRecipient.objects.filter(reminder=reminder).values_list("user_id", flat=True)
        )
        escalations = Reminder.objects.filter(
            kind="suppliers.questionnaire_due", escalation_level__gt=0
        ).count()
    assert reminder.due_date == request.due_date
    assert reminder.send_at.date() == request.due_date - timedelta(days=7)
    assert recipients == {supplier_member.user_id}
    assert escalations == 2  # the owner when overdue, then the admins


# --- Answer, submit, return, resubmit, accept --------------------------------------------


def test_the_full_round_draft_submit_return_resubmit_accept(
    org, manager, template, sent, supplier_member
):
    q = questions_by_kind(template)
    save(org, supplier_member, sent, {q["yes_no"].pk: "no"})
    assert reload(org, sent).status == RequestStatus.DRAFT

    values = full_answers(template) | {q["yes_no"].pk: "no"}
    upload = SimpleUploadedFile("manual.pdf", certificate_pdf("Quality manual"))
    save(org, supplier_member, sent, values, {q["file"].pk: upload}, submit=True)
    request = reload(org, sent)
    assert (
        request.status == RequestStatus.SUBMITTED and request.submitted_by == supplier_member.user
    )
    stored = answers(org, sent)["file"]
    assert stored.file.name.startswith(f"{org.pk}/suppliers/{sent.supplier_id}/questionnaires/")
    with org_scope(org):
        assert Reminder.objects.get(
            kind="suppliers.questionnaire_due", escalation_level=0
        ).status == (Reminder.Status.CANCELLED)
        assert Reminder.objects.filter(
            kind="suppliers.questionnaire_submitted", status=Reminder.Status.PENDING
        ).exists()

    with pytest.raises(ValidationError, match="only submitted answers are reviewed|submitted"):
        save(org, supplier_member, request, {q["yes_no"].pk: "yes"})

    with pytest.raises(ValidationError) as error:
        services.questionnaire_review(
            organization=org, actor=manager.user, request=request, decision="return"
        )
    assert error.value.message_dict == {"comments": ["Tell the supplier what to change."]}
    services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=request,
        decision="return",
        comments="Your certificate lapsed? Please explain.",
        internal_notes="Check with purchasing",
    )
    request = reload(org, sent)
    assert request.status == RequestStatus.RETURNED and request.score is None

    save(org, supplier_member, request, {q["yes_no"].pk: "yes"}, submit=True)
    with pytest.raises(ValidationError) as error:
        services.questionnaire_review(
            organization=org, actor=manager.user, request=reload(org, sent), decision="accept"
        )
    assert error.value.message_dict == {
        f"points_{q['text'].pk}": ["Give this answer its points before accepting."]
    }
    services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=reload(org, sent),
        decision="accept",
        points={q["text"].pk: "80"},
    )
    request = reload(org, sent)
    assert request.score == Decimal("68.6") and request.reviewed_by == manager.user
    with org_scope(org):
        steps = list(
            QuestionnaireEvent.objects.filter(request=request).values_list("action", flat=True)
        )
    assert steps == ["sent", "submitted", "returned", "submitted", "accepted"]
    with org_scope(org):
        latest = questionnaire_selectors.latest_score(organization=org, supplier=request.supplier)
        rows = list(
            questionnaire_selectors.reviewed_scores(organization=org).values(
                "organization_id", "supplier_id", "score", "reviewed_at"
            )
        )
    assert latest.pk == request.pk
    assert rows == [
        {
            "organization_id": org.pk,
            "supplier_id": request.supplier_id,
            "score": Decimal("68.6"),
            "reviewed_at": request.reviewed_at,
        }
    ]


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        ("scale", "7", "7 is outside the scale: choose from 1 to 5."),
        ("scale", "lots", "Choose a whole number from 1 to 5."),
        ("choice", "Gut feeling", "“Gut feeling” is not one of the options"),
        ("yes_no", "perhaps", "Answer yes or no."),
    ],
)
def test_a_bad_answer_is_refused_by_its_question_and_nothing_is_saved(
    org, template, sent, supplier_member, kind, value, message
):
    q = questions_by_kind(template)
    values = full_answers(template) | {q[kind].pk: value}
    with pytest.raises(ValidationError) as error:
        save(org, supplier_member, sent, values)
    assert error.value.message_dict[f"question_{q[kind].pk}"][0].startswith(message)
    assert answers(org, sent) == {}
    assert reload(org, sent).status == RequestStatus.SENT


def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_stored(
    org, template, sent, supplier_member, tmp_path
):
    q = questions_by_kind(template)
    with pytest.raises(ValidationError) as error:
        save(
            org,
            supplier_member,
            sent,
            full_answers(template),
            {q["file"].pk: SimpleUploadedFile("manual.pdf", PNG)},
        )
    assert error.value.message_dict[f"question_{q['file'].pk}"] == [
        "This file is not a PDF: its content is a PNG image."
    ]
    assert answers(org, sent) == {}
    assert not any(files for _r, _d, files in os.walk(default_storage.location))


def test_submitting_with_required_questions_unanswered_names_them_and_saves_nothing(
    org, template, sent, supplier_member
):
    q = questions_by_kind(template)
    with pytest.raises(ValidationError) as error:
        save(org, supplier_member, sent, {q["yes_no"].pk: "yes"}, submit=True)
    assert set(error.value.message_dict) == {
        f"question_{q[kind].pk}" for kind in ("scale", "choice", "text")
    }
    assert answers(org, sent) == {}
    assert reload(org, sent).status == RequestStatus.SENT


def test_only_the_suppliers_own_portal_users_answer(org, manager, template, sent, make_member):
    other = make_member(org, Role.SUPPLIER)
    for member in (other, manager):
        with pytest.raises(PermissionDenied):
            save(org, member, sent, full_answers(template))
    assert answers(org, sent) == {}


def test_points_out_of_range_are_refused(org, manager, template, sent, supplier_member):
    save(org, supplier_member, sent, full_answers(template), submit=True)
    q = questions_by_kind(template)
    for bad in ("120", "-1", "ten"):
        with pytest.raises(ValidationError) as error:
            services.questionnaire_review(
                organization=org,
                actor=manager.user,
                request=reload(org, sent),
                decision="accept",
                points={q["text"].pk: bad},
            )
        assert f"points_{q['text'].pk}" in error.value.message_dict
    assert reload(org, sent).status == RequestStatus.SUBMITTED


def test_cancel_needs_a_reason_and_stops_the_reminders(org, manager, sent):
    with pytest.raises(ValidationError):
        services.questionnaire_cancel(organization=org, actor=manager.user, request=sent, reason="")
    services.questionnaire_cancel(
        organization=org, actor=manager.user, request=sent, reason="Supplier left the panel"
    )
    assert reload(org, sent).status == RequestStatus.CANCELLED
    with org_scope(org):
        assert not Reminder.objects.filter(status=Reminder.Status.PENDING).exists()
