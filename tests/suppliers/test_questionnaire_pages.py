"""Questionnaires on the pages: the builder (with and without htmx), sending, the list's
filters and query counts, the review, the supplier page's panel, and the portal where a
supplier's users answer their own questionnaires and never see another's."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import QuestionnaireRequest
from suppliers.models.questionnaires import RequestStatus
from suppliers.services.questionnaires import sent as services
from tests.support.lazy_panels import with_panels

from .questionnaire_helpers import build_template, full_answers, questions_by_kind, send

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "builder"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def template(org, manager):
    return build_template(org, manager.user)


@pytest.fixture
def sent(org, manager, template, supplier_member):
    return send(org, manager.user, template, supplier_member.supplier)


def url(name, org, **kwargs):
    return reverse(name, kwargs={"org_slug": org.slug, **kwargs})


def reload(org, record):
    with org_scope(org):
        return QuestionnaireRequest.objects.get(pk=record.pk)


# --- The builder -------------------------------------------------------------------------


def test_a_manager_builds_a_template_without_javascript(org, manager, client_for):
    client = client_for(manager)
    response = client.post(
        url("suppliers:questionnaire_template_create", org), {"name": "Logistics audit"}
    )
    assert response.status_code == 302
    builder = response["Location"]
    pk = int(builder.rstrip("/").rsplit("/", 1)[1])
    response = client.post(
        url("suppliers:questionnaire_section_create", org, pk=pk), {"title": "Transport"}
    )
    assert response.status_code == 302 and response["Location"] == builder
    page = client.get(builder).content.decode()
    assert "1. Transport" in page and "Add a question to “Transport”" in page


def test_the_builder_swaps_its_sections_in_place_with_htmx_and_shows_errors_there(
    org, manager, template, client_for
):
    client = client_for(manager)
    with org_scope(org):
        section = template.sections.order_by("position").first()
    add = url("suppliers:questionnaire_question_create", org, pk=section.pk)
    response = client.post(
        add,
        {
            "text": "Rate your 8D reports",
            "kind": "scale",
            "weight": 1,
            "scale_min": 5,
            "scale_max": 1,
            "required": "on",
            "scored": "on",
        },
        **HTMX,
    )
    page = response.content.decode()
    assert response.status_code == 200 and page.lstrip().startswith('<div id="builder"')
    assert "must be above the lowest" in page
    response = client.post(
        add,
        {
            "text": "Rate your 8D reports",
            "kind": "scale",
            "weight": 1,
            "scale_min": 1,
            "scale_max": 5,
            "required": "on",
            "scored": "on",
        },
        **HTMX,
    )
    assert "Rate your 8D reports" in response.content.decode()
    without_js = client.post(add, {"text": "", "kind": "scale", "weight": 1})
    assert without_js.status_code == 400 and "This field is required" in without_js.content.decode()


def test_a_frozen_template_offers_a_new_version_instead_of_edits(
    org, manager, template, sent, client_for
):
    client = client_for(manager)
    page = client.get(url("suppliers:questionnaire_template_detail", org, pk=template.pk))
    text = page.content.decode()
    assert "Start a new version" in text and "Add a section" not in text
    with org_scope(org):
        section = template.sections.first()
    response = client.post(
        url("suppliers:questionnaire_section_create", org, pk=template.pk), {"title": "More"}
    )
    assert response.status_code == 400 and "frozen" in response.content.decode()
    response = client.post(url("suppliers:questionnaire_template_new_version", org, pk=template.pk))
    assert response.status_code == 302
    with org_scope(org):
        assert section.template.sections.count() == 2  # the sent version is unchanged


def test_sending_from_the_form_names_bad_fields(org, manager, template, make_supplier, client_for):
    client = client_for(manager)
    supplier = make_supplier(org)
    send_url = url("suppliers:questionnaire_send", org, pk=template.pk)
    response = client.post(
        send_url, {"suppliers": [supplier.pk], "due_date": organization_today(org).isoformat()}
    )
    assert "The due date must be after today." in response.content.decode()
    due = organization_today(org) + timedelta(days=20)
    response = client.post(send_url, {"suppliers": [supplier.pk], "due_date": due.isoformat()})
    assert response.status_code == 302
    with org_scope(org):
        assert QuestionnaireRequest.objects.get().supplier == supplier


# --- The list ----------------------------------------------------------------------------


def test_the_list_filters_by_status_supplier_and_overdue(
    org, manager, template, make_supplier, client_for
):
    late = send(org, manager.user, template, make_supplier(org, name="Late Ltd"), days=3)
    on_time = send(org, manager.user, template, make_supplier(org, name="Prompt Ltd"), days=30)
    with org_scope(org):
        QuestionnaireRequest.objects.filter(pk=late.pk).update(
            due_date=organization_today(org) - timedelta(days=2)
        )
    client = client_for(manager)
    list_url = url("suppliers:questionnaire_list", org)
    overdue = client.get(list_url, {"overdue": "true"}).content.decode()
    assert "Late Ltd" in overdue and "Prompt Ltd" not in overdue and "Overdue" in overdue
    by_supplier = client.get(list_url, {"supplier": on_time.supplier_id}).content.decode()
    assert "Prompt Ltd" in by_supplier and "Late Ltd" not in by_supplier
    assert "Late Ltd" not in client.get(list_url, {"status": "accepted"}).content.decode()


def test_the_list_and_the_supplier_page_make_a_constant_number_of_queries(
    org, manager, template, make_supplier, client_for, assert_constant_queries
):
    supplier = make_supplier(org)
    send(org, manager.user, template, supplier)

    made = iter(range(100))

    def grow():
        for _ in range(4):
            copy = build_template(org, manager.user, name=f"Extra {next(made)}")
            send(org, manager.user, copy, supplier)
            send(org, manager.user, copy, make_supplier(org))

    client = client_for(manager)
    assert_constant_queries(client, url("suppliers:questionnaire_list", org), grow=grow)
    assert_constant_queries(
        client, url("suppliers:supplier_detail", org, pk=supplier.pk), grow=grow
    )


# --- The review --------------------------------------------------------------------------


def test_the_manager_reviews_returns_and_accepts_and_the_score_shows_on_the_supplier_page(
    org, manager, auditor, template, sent, supplier_member, client_for
):
    q = questions_by_kind(template)
    services.answers_save(
        organization=org,
        actor=supplier_member.user,
        request=sent,
        values=full_answers(template),
        files={q["file"].pk: SimpleUploadedFile("qm.pdf", certificate_pdf("Manual"))},
        submit=True,
    )
    review = url("suppliers:questionnaire_detail", org, pk=sent.pk)
    auditor_page = client_for(auditor).get(review).content.decode()
    assert "Accept and score" not in auditor_page and "Spreadsheets" in auditor_page
    client = client_for(manager)
    response = client.post(review, {"accept": ""})
    assert response.status_code == 400
    assert "Give this answer its points before accepting." in response.content.decode()
    response = client.post(review, {"return": "", "internal_notes": "Ask purchasing"})
    assert "Tell the supplier what to change." in response.content.decode()
    response = client.post(
        review,
        {"return": "", "comments": "Attach your capacity plan", "internal_notes": "Weak supplier"},
    )
    assert response.status_code == 302 and reload(org, sent).status == RequestStatus.RETURNED
    services.answers_save(organization=org, actor=supplier_member.user, request=sent, submit=True)
    response = client.post(review, {"accept": "", f"points_{q['text'].pk}": "80"})
    assert response.status_code == 302
    assert reload(org, sent).score is not None
    again = client.post(review, {"accept": "", f"points_{q['text'].pk}": "10"})
    assert again.status_code == 400 and "only submitted answers are reviewed" in (
        again.content.decode()
    )
    supplier_page = with_panels(client, url("suppliers:supplier_detail", org, pk=sent.supplier_id))
    assert 'Latest score: <strong id="questionnaire-score">68.6</strong>' in supplier_page


# --- The portal --------------------------------------------------------------------------


def test_a_portal_user_answers_saves_a_draft_and_submits(
    org, template, sent, supplier_member, client_for
):
    client = client_for(supplier_member)
    answer_url = url("portal:questionnaire_answer", org, pk=sent.pk)
    listing = client.get(url("portal:questionnaire_list", org)).content.decode()
    assert "Supplier self-assessment" in listing and answer_url in listing
    page = client.get(answer_url)
    assert (
        page.status_code == 200 and "Do you hold ISO 9001 certification?" in page.content.decode()
    )
    q = questions_by_kind(template)
    data = {f"question_{pk}": value for pk, value in full_answers(template).items()}
    response = client.post(answer_url, {**data, f"question_{q['scale'].pk}": "9", "save": ""})
    assert response.status_code == 400
    assert "9 is outside the scale: choose from 1 to 5." in response.content.decode()
    response = client.post(answer_url, {f"question_{q['yes_no'].pk}": "yes", "submit": ""})
    assert response.status_code == 400
    assert response.content.decode().count("Answer this question before submitting.") == 3
    assert reload(org, sent).status == RequestStatus.SENT
    response = client.post(answer_url, {**data, "save": ""})
    assert response.status_code == 302 and reload(org, sent).status == RequestStatus.DRAFT
    response = client.post(answer_url, {**data, "submit": ""})
    assert response.status_code == 302 and reload(org, sent).status == RequestStatus.SUBMITTED
    page = client.get(answer_url).content.decode()
    assert "with Acme Ltd for review" in page and "Submit for review" not in page
    response = client.post(answer_url, {**data, "save": ""})
    assert response.status_code == 400
    assert "they can no longer be changed" in response.content.decode()
    assert reload(org, sent).status == RequestStatus.SUBMITTED


def test_a_portal_user_sees_returned_comments_but_never_internal_notes_or_the_score(
    org, manager, template, sent, supplier_member, client_for
):
    services.answers_save(
        organization=org,
        actor=supplier_member.user,
        request=sent,
        values=full_answers(template),
        submit=True,
    )
    services.questionnaire_review(
        organization=org,
        actor=manager.user,
        request=sent,
        decision="return",
        comments="Please attach your quality manual",
        internal_notes="Their MD was evasive",
    )
    page = client_for(supplier_member).get(url("portal:questionnaire_answer", org, pk=sent.pk))
    text = page.content.decode()
    assert "Please attach your quality manual" in text
    assert "Their MD was evasive" not in text
    assert not re.search(r"\bscore\b", text, re.IGNORECASE)  # the portal's "Scorecard" tab aside


def test_a_portal_user_of_another_supplier_gets_404_for_every_questionnaire_route(
    org, template, sent, supplier_member, make_member, client_for
):
    q = questions_by_kind(template)
    services.answers_save(
        organization=org,
        actor=supplier_member.user,
        request=sent,
        files={q["file"].pk: SimpleUploadedFile("qm.pdf", certificate_pdf("Manual"))},
    )
    with org_scope(org):
        answer = sent.answers.get()
    other = make_member(org, Role.SUPPLIER)
    client = client_for(other)
    assert (
        "Supplier self-assessment"
        not in client.get(url("portal:questionnaire_list", org)).content.decode()
    )
    answer_url = url("portal:questionnaire_answer", org, pk=sent.pk)
    assert client.get(answer_url).status_code == 404
    assert (
        client.post(answer_url, {f"question_{q['yes_no'].pk}": "no", "submit": ""}).status_code
        == 404
    )
    assert client.get(url("portal:questionnaire_file", org, pk=answer.pk)).status_code == 404
    own = client_for(supplier_member).get(url("portal:questionnaire_file", org, pk=answer.pk))
    assert own.status_code == 200 and own["Content-Disposition"].startswith("attachment;")
    assert reload(org, sent).status == RequestStatus.DRAFT


def test_the_portal_overview_lists_questionnaires_waiting_for_the_supplier(
    org, sent, supplier_member, make_member, client_for
):
    overview = client_for(supplier_member).get(url("portal:home", org)).content.decode()
    assert url("portal:questionnaire_answer", org, pk=sent.pk) in overview
    assert "Questionnaire: Supplier self-assessment" in overview
    other = make_member(org, Role.SUPPLIER)
    elsewhere = client_for(other).get(url("portal:home", org)).content.decode()
    assert "Supplier self-assessment" not in elsewhere


def test_the_review_page_makes_few_queries_whatever_its_answers(
    org, manager, template, sent, supplier_member, client_for, assert_few_queries
):
    q = questions_by_kind(template)

    def grow():
        services.answers_save(
            organization=org,
            actor=supplier_member.user,
            request=sent,
            values=full_answers(template),
            files={q["file"].pk: SimpleUploadedFile("qm.pdf", certificate_pdf("Manual"))},
            submit=True,
        )

    page = url("suppliers:questionnaire_detail", org, pk=sent.pk)
    assert_few_queries(client_for(manager), page, grow=grow)
