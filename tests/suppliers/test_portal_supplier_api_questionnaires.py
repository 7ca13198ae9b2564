"""Questionnaires through the supplier portal API: the list with its filters, the detail with
questions and answers (never points, weights, score or the reviewer's internal notes), a
draft saved in JSON or multipart, a submission, and what is refused with its reasons."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import QuestionnaireAnswer, QuestionnaireRequest
from suppliers.services.questionnaires import sent as services

from .questionnaire_helpers import build_template, full_answers, questions_by_kind, send


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def portal_user(org, make_member):
    return make_member(org, Role.SUPPLIER)


@pytest.fixture
def api(portal_user, api_client_for):
    return api_client_for(portal_user)


@pytest.fixture
def template(org, manager):
    return build_template(org, manager.user)


@pytest.fixture
def record(org, manager, template, portal_user):
    return send(org, manager.user, template, portal_user.supplier)


def url(org, pk=None, action=None):
    path = f"/api/v1/portal/{org.slug}/questionnaires/"
    if pk is not None:
        path += f"{pk}/"
    return path + (f"{action}/" if action else "")


def keyed(answers: dict) -> dict:
    return {f"question_{pk}": value for pk, value in answers.items()}


def stored_answers(org, record) -> dict:
    with org_scope(org):
        return dict(
            QuestionnaireAnswer.objects.filter(request=record).values_list("question_id", "value")
        )


def test_the_list_is_the_suppliers_own_with_the_pages_filters(
    org, manager, template, record, make_member, api
):
    other = make_member(org, Role.SUPPLIER).supplier
    send(org, manager.user, template, other)
    later = send(
        org, manager.user, build_template(org, manager.user, "Audit prep"), record.supplier
    )
    body = api.get(url(org)).json()
    assert [row["id"] for row in body["results"]] == [later.pk, record.pk]
    assert body["results"][1]["name"] == "Supplier self-assessment"
    assert body["results"][1]["editable"] is True
    found = api.get(url(org), {"q": "audit"}).json()["results"]
    assert [row["id"] for row in found] == [later.pk]
    assert api.get(url(org), {"status": "submitted"}).json()["results"] == []
    assert len(api.get(url(org), {"overdue": "false"}).json()["results"]) == 2
    assert api.get(url(org), {"o": "score"}).status_code == 400
    assert api.get(url(org), {"supplier": other.pk}).json()["count"] == 2  # not a filter here


def test_the_detail_shows_questions_and_answers_but_no_points(org, template, record, api):
    response = api.get(url(org, record.pk))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "sent" and body["review_comments"] == ""
    questions = [q for section in body["sections"] for q in section["questions"]]
    kinds = {q["kind"]: q for q in questions}
    assert kinds["choice"]["options"] == ["ERP with MRP", "Spreadsheets", "Not planned"]
    assert kinds["scale"]["scale_min"] == 1 and kinds["scale"]["scale_max"] == 5
    assert kinds["yes_no"]["field"] == f"question_{kinds['yes_no']['id']}"
    assert all(q["answer"] is None for q in questions)
    for hidden in (b"points", b"weight", b"score", b"internal_notes", b"scored"):
        assert hidden not in response.content, hidden
    assert [step["action"] for step in body["steps"]] == ["sent"]


def test_a_draft_is_saved_from_json_and_multipart_and_then_submitted(
    org, manager, template, record, api
):
    q = questions_by_kind(template)
    draft = api.post(
        url(org, record.pk, "draft"),
        {f"question_{q['yes_no'].pk}": True, f"question_{q['scale'].pk}": 3},
        format="json",
    )
    assert draft.status_code == 200, draft.json()
    assert draft.json()["status"] == "draft"
    assert stored_answers(org, record) == {q["yes_no"].pk: True, q["scale"].pk: 3}

    manual = SimpleUploadedFile("manual.pdf", certificate_pdf("Quality manual"))
    upload = api.post(
        url(org, record.pk, "draft"),
        {f"question_{q['file'].pk}": manual, f"question_{q['text'].pk}": "A second plant."},
        format="multipart",
    )
    assert upload.status_code == 200, upload.json()
    answered = {
        question["kind"]: question["answer"]
        for section in upload.json()["sections"]
        for question in section["questions"]
    }
    assert answered["file"]["file_name"] == "manual.pdf"
    assert answered["scale"]["value"] == 3  # left out: kept
    file = api.get(answered["file"]["file_url"])
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")

    cleared = api.post(
        url(org, record.pk, "draft"), {f"question_{q['scale'].pk}": None}, format="json"
    )
    assert cleared.status_code == 200
    assert stored_answers(org, record)[q["scale"].pk] is None
    assert (
        api.post(
            url(org, record.pk, "draft"), {f"question_{q['scale'].pk}": 3}, format="json"
        ).status_code
        == 200
    )

    missing = api.post(url(org, record.pk, "submit"), {}, format="json")
    assert missing.status_code == 400
    assert f"question_{q['choice'].pk}" in missing.json()["error"]["fields"]
    with org_scope(org):
        assert QuestionnaireRequest.objects.get(pk=record.pk).status == "draft"

    submitted = api.post(
        url(org, record.pk, "submit"),
        {f"question_{q['choice'].pk}": "Spreadsheets"},
        format="json",
    )
    assert submitted.status_code == 200, submitted.json()
    assert submitted.json()["status"] == "submitted" and submitted.json()["editable"] is False
    assert [s["action"] for s in submitted.json()["steps"]] == ["sent", "submitted"]
    with org_scope(org):
        # The same service as the page: the owner is told there are answers to review.
        assert Reminder.objects.filter(
            object_id=str(record.pk), kind="suppliers.questionnaire_submitted"
        ).exists()
    closed = api.post(url(org, record.pk, "draft"), {f"question_{q['scale'].pk}": 1}, format="json")
    assert closed.status_code == 400
    assert "non_field_errors" in closed.json()["error"]["fields"]


def test_bad_answers_are_refused_by_question_and_nothing_is_saved(
    org, manager, template, record, api, media
):
    q = questions_by_kind(template)
    other = build_template(org, manager.user, "Other")
    foreign_question = questions_by_kind(other)["text"]
    cases = [
        ({f"question_{q['scale'].pk}": 9}, f"question_{q['scale'].pk}"),
        ({f"question_{q['yes_no'].pk}": "maybe"}, f"question_{q['yes_no'].pk}"),
        ({f"question_{q['choice'].pk}": "Guesswork"}, f"question_{q['choice'].pk}"),
        ({f"question_{q['file'].pk}": "not a file"}, f"question_{q['file'].pk}"),
        ({f"question_{foreign_question.pk}": "x"}, f"question_{foreign_question.pk}"),
        ({"question_999999": "x"}, "question_999999"),
        ({"answers": {"1": "x"}}, "answers"),
        ({f"question_{q['text'].pk}": ["a", "b"]}, f"question_{q['text'].pk}"),
        ({}, "non_field_errors"),
    ]
    for body, field in cases:
        # One good answer beside each bad one: all or nothing.
        given = {f"question_{q['yes_no'].pk}": "yes", **body} if body else body
        response = api.post(url(org, record.pk, "draft"), given, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["error"]["fields"], (body, response.json())
    fake = SimpleUploadedFile("manual.pdf", b"just text")
    refused = api.post(
        url(org, record.pk, "draft"),
        {f"question_{q['file'].pk}": fake, f"question_{q['yes_no'].pk}": "yes"},
        format="multipart",
    )
    assert refused.status_code == 400
    wrong_kind = api.post(
        url(org, record.pk, "draft"),
        {f"question_{q['text'].pk}": SimpleUploadedFile("a.pdf", certificate_pdf("A"))},
        format="multipart",
    )
    assert wrong_kind.status_code == 400
    assert api.post(url(org, record.pk, "draft"), [1], format="json").status_code == 400
    assert stored_answers(org, record) == {}
    with org_scope(org):
        assert QuestionnaireRequest.objects.get(pk=record.pk).status == "sent"
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_returned_answers_show_the_comments_but_never_the_internal_notes_or_score(
    org, manager, template, record, portal_user, api
):
    services.answers_save(
        organization=org,
        actor=portal_user.user,
        request=record,
        values=full_answers(template),
        submit=True,
    )
    services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=record,
        decision="return",
        comments="Describe the plan in more detail.",
        internal_notes="INTERNAL reviewer remark",
    )
    body = api.get(url(org, record.pk))
    assert body.json()["review_comments"] == "Describe the plan in more detail."
    assert body.json()["steps"][-1] == {
        "action": "returned",
        "comment": "Describe the plan in more detail.",
        "occurred_at": body.json()["steps"][-1]["occurred_at"],
    }
    assert b"INTERNAL reviewer remark" not in body.content

    text = questions_by_kind(template)["text"]
    resubmitted = api.post(
        url(org, record.pk, "submit"),
        {f"question_{text.pk}": "Second source qualified; plan reviewed yearly."},
        format="json",
    )
    assert resubmitted.status_code == 200, resubmitted.json()
    services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=record,
        decision="accept",
        points={text.pk: 80},
        comments="Thank you.",
        internal_notes="INTERNAL second remark",
    )
    accepted = api.get(url(org, record.pk))
    assert accepted.json()["status"] == "accepted" and accepted.json()["review_comments"] == ""
    for hidden in (b"INTERNAL", b"score", b"points", b"Thank you."):
        assert hidden not in accepted.content, hidden
    with org_scope(org):
        score = QuestionnaireRequest.objects.get(pk=record.pk).score
    assert score is not None and f"{score}".encode() not in accepted.content


def test_the_list_makes_as_many_queries_with_many_questionnaires_as_with_one(
    org, manager, template, record, api, assert_constant_queries
):
    def grow():
        for number in range(4):
            send(
                org, manager.user, build_template(org, manager.user, f"T{number}"), record.supplier
            )

    assert_constant_queries(api, url(org), grow=grow)
    assert api.get(url(org)).json()["count"] == 5
