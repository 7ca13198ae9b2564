"""History a person can read: records by name with links, kinds and fields in words,
readable values, the log filtered by a record's name, its export as filtered (changes as
JSON), and the hash chain's verification shown on the audit log."""

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.utils.html import escape

from parties.models import Contact, Need
from parties.services import register
from relmgmt.audit import db_guard, services
from relmgmt.audit.models import AuditEvent, ChainVerification
from relmgmt.audit.naming import kind_label, name_from_description, record_name, record_url
from relmgmt.audit.tasks import dispatch_chain_verification
from relmgmt.audit.templatetags.audit_format import audit_value, describe_events
from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.policy import Role, role_has
from suppliers.models import (
    Certificate,
    PerformanceReview,
    PerformanceReviewContact,
    PerformanceReviewMember,
)
from suppliers.services import performance_reviews
from tests.suppliers.helpers_reviews import certificate


def make_party(org, actor, name="Volta Motors", **data):
    return register.party_create(
        organization=org, actor=actor, data={"name": name, "types": ["customer"], **data}
    )


def make_need(org, actor, party, **data):
    return register.need_create(
        organization=org,
        actor=actor,
        party=party,
        data={"description": "On-time delivery", "qms_relevant": True, **data},
    )


# Names and labels


def test_kinds_of_record_are_named_in_words():
    assert kind_label("suppliers.reevaluation") == "Re-evaluation"
    assert kind_label("parties.followup") == "Follow-up"
    assert kind_label("parties.party") == "Party"
    assert kind_label("no.such") == "no.such"


def test_a_record_without_a_name_of_its_own_is_named_by_the_registry():
    review = PerformanceReview(held_on=date(2025, 3, 4))
    record = PerformanceReviewContact(pk=2, contact=Contact(name="Ada Lovelace"), review=review)
    assert record_name(record) == "Ada Lovelace at the performance review on 2025-03-04"
    assert "object (" not in record_name(record)


def test_an_event_of_django_s_default_description_reads_as_kind_and_number():
    assert (
        name_from_description(
            "suppliers.performancereviewcontact", "2", "PerformanceReviewContact object (2)"
        )
        == "Performance review contact #2"
    )
    assert name_from_description("parties.party", "3", "Volta Motors") == "Volta Motors"


def test_values_read_as_words_never_as_python():
    assert audit_value(None) == "—"
    assert audit_value({"score": 40, "standing": "poor"}) == "score: 40; standing: poor"
    assert audit_value({"poor": ["notify_owner", "propose_suspension"]}) == (
        "poor: notify_owner, propose_suspension"
    )
    assert (
        audit_value([{"id": 1, "type": "iso_9001"}, {"id": 2}]) == "id: 1; type: iso_9001 | id: 2"
    )
    assert audit_value({"nested": {"a": 1}}) == '{"nested": {"a": 1}}'
    assert audit_value(["customer", "partner"]) == "customer, partner"


def test_an_event_names_its_record_fields_choices_booleans_and_related_records(org, manager):
    party = make_party(org, manager.user)
    need = make_need(org, manager.user, party)
    register.need_update(
        organization=org,
        actor=manager.user,
        need=need,
        data={"status": Need.Status.MET, "qms_relevant": False},
    )
    with org_scope(org):
        events = describe_events(
            AuditEvent.objects.filter(model_label="parties.need").order_by("seq"), org
        )
    created, changed = events
    assert created.kind == "Need" and created.record_name == "On-time delivery"
    assert created.record_name.url == f"/o/{org.slug}/parties/{party.pk}/"
    rows = {label: after for label, _before, after in created.rows}
    assert rows["party"] == "Volta Motors"
    assert rows["party"].url == f"/o/{org.slug}/parties/{party.pk}/"
    assert "party_id" not in rows and "organization_id" not in rows
    changes = {label: (before, after) for label, before, after in changed.rows}
    assert changes["status"] == ("Identified", "Met")
    assert changes["relevant to the QMS"] == ("Yes", "No")


def test_the_log_names_records_and_related_records_with_links(org, auditor, manager, client_for):
    party = make_party(org, manager.user, name="Kestrel Logistics")
    make_need(org, manager.user, party)
    page = client_for(auditor).get(f"/o/{org.slug}/audit/", {"model_label": "parties.need"})
    html = page.content.decode()
    assert "Kestrel Logistics" in html
    assert f'<a href="/o/{org.slug}/parties/{party.pk}/">Kestrel Logistics</a>' in html
    assert "object (" not in html and "{&#x27;" not in html and "party_id" not in html
    assert "Relevant to the QMS</strong>: Yes" in html


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def add_review(org, actor, supplier):
    return performance_reviews.performance_review_create(
        organization=org,
        actor=actor,
        supplier=supplier,
        data={
            "held_on": date(2026, 3, 4),
            "minutes": "Minutes",
            "members": [actor],
            "actions": [{"description": "Act", "owner": actor, "due_on": date(2026, 4, 1)}],
        },
    )


def test_the_log_page_makes_as_many_queries_with_more_events_of_many_kinds(
    org, admin, auditor, manager, client_for, assert_few_queries, make_supplier, media
):
    party = make_party(org, manager.user)
    make_need(org, manager.user, party)
    make_supplier(org)

    def grow():
        for n in range(8):
            supplier = make_supplier(org)
            other = make_party(org, manager.user, name=f"Party {n}", owner=manager.user)
            make_need(org, manager.user, other)
            register.party_update(
                organization=org, actor=manager.user, party=other, data={"owner": admin.user}
            )
        # Kinds named through their parents (and a person), on their parents' pages.
        certificate(org, manager.user, supplier)
        add_review(org, manager.user, supplier)

    assert_few_queries(client_for(auditor), f"/o/{org.slug}/audit/", grow=grow)


def test_the_log_names_and_links_a_record_shown_on_its_parent_s_page(
    org, auditor, manager, client_for, make_supplier, media
):
    supplier = make_supplier(org, name="Anvil Works")
    made = certificate(org, manager.user, supplier)
    review = add_review(org, manager.user, supplier)
    make_need(org, manager.user, supplier.party)
    # Named now, as its parent is named now (the parent's change is in the trail too).
    register.party_update(
        organization=org, actor=manager.user, party=supplier.party, data={"name": "Anvil Forge"}
    )
    with org_scope(org):
        made = Certificate.objects.select_related("supplier__party").get(pk=made.pk)
        member = PerformanceReviewMember.objects.select_related("user", "review").get(review=review)
    assert record_url(made, org.slug) == f"/o/{org.slug}/suppliers/{supplier.pk}/"
    assert record_url(member, org.slug) == (
        f"/o/{org.slug}/suppliers/performance-reviews/{review.pk}/"
    )
    html = (
        client_for(auditor)
        .get(f"/o/{org.slug}/audit/", {"model_label": "suppliers.certificate"})
        .content.decode()
    )
    history = f"/o/{org.slug}/audit/records/suppliers.certificate/{made.pk}/"
    assert f'<a href="{history}">{escape(record_name(made))}</a>' in html
    assert "of Anvil Forge" in record_name(made)
    assert f'<a href="/o/{org.slug}/suppliers/{supplier.pk}/">Anvil Forge (' in html

    # Every event's record and references, named and linked from the trail's states, as
    # they are named and linked from the records themselves.
    def described(**how):
        with org_scope(org):
            events = AuditEvent.objects.filter(organization=org).order_by("seq")
            return [
                (
                    event.model_label,
                    str(event.record_name),
                    event.record_name.url,
                    [(label, str(a), getattr(a, "url", ""), str(b), getattr(b, "url", ""))
                     for label, a, b in event.rows],
                )
                for event in describe_events(events, org, **how)
            ]  # fmt: skip

    from_states = described(names_from_states=True)
    assert from_states == described()
    urls = {label: url for label, _name, url, _rows in from_states}
    assert urls["suppliers.certificate"] == f"/o/{org.slug}/suppliers/{supplier.pk}/"
    assert urls["suppliers.performancereviewmember"] == (
        f"/o/{org.slug}/suppliers/performance-reviews/{review.pk}/"
    )


# The history page


def test_a_history_page_is_titled_with_the_record_s_name_and_links_back(
    org, manager, auditor, client_for
):
    party = make_party(org, manager.user, name="Kestrel Logistics")
    page = client_for(auditor).get(f"/o/{org.slug}/audit/records/parties.party/{party.pk}/")
    html = page.content.decode()
    assert "<title>History of Kestrel Logistics" in html
    assert "<h1>History of Kestrel Logistics</h1>" in html
    assert f'href="/o/{org.slug}/parties/{party.pk}/" id="record-link"' in html
    page = client_for(auditor).get(
        f"/o/{org.slug}/audit/records/parties.party/{party.pk}/", {"as_of": "2999-01-01"}
    )
    assert '<th scope="row">Name</th><td>Kestrel Logistics</td>' in page.content.decode()


def test_a_deleted_record_s_history_keeps_its_name(org, manager, auditor, client_for):
    party = make_party(org, manager.user, name="Gone Gmbh")
    need = make_need(org, manager.user, party, description="Spare parts within 48 h")
    need_id = need.pk
    with org_scope(org):
        need.delete()
    html = (
        client_for(auditor)
        .get(f"/o/{org.slug}/audit/records/parties.need/{need_id}/")
        .content.decode()
    )
    assert "<h1>History of Spare parts within 48 h</h1>" in html
    assert 'id="record-link"' not in html and "it was deleted" in html


# Filter and export


def test_the_log_is_filtered_by_a_record_s_name_old_or_new(org, manager, auditor, client_for):
    party = make_party(org, manager.user, name="Kestrel Logistics")
    make_party(org, manager.user, name="Volta Motors")
    register.party_update(
        organization=org, actor=manager.user, party=party, data={"name": "Kestrel Freight"}
    )
    client = client_for(auditor)
    for text in ("kestrel logistics", "Freight"):
        html = client.get(f"/o/{org.slug}/audit/", {"record": text}).content.decode()
        rows = html.split("<tbody>")[1].split("</tbody>")[0]
        assert rows.count("<tr>") == 2, text  # created and renamed
        assert "Volta" not in rows
    form = client.get(f"/o/{org.slug}/audit/").content.decode()
    assert 'name="record"' in form and 'name="object_id"' not in form


def test_the_export_writes_changes_as_json_and_honours_the_filter(
    org, manager, auditor, client_for
):
    make_party(org, manager.user, name="Kestrel Logistics")
    make_party(org, manager.user, name="Volta Motors")
    response = client_for(auditor).get(f"/o/{org.slug}/audit/export.csv", {"record": "kestrel"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    header, body = rows[0], rows[1:]
    assert len(body) == 1
    changes = json.loads(body[0][header.index("changes")])
    assert changes["name"] == [None, "Kestrel Logistics"]


def test_the_export_link_follows_a_filter_applied_with_htmx(org, auditor, client_for):
    fragment = client_for(auditor).get(
        f"/o/{org.slug}/audit/", {"record": "kestrel"}, HTTP_HX_REQUEST="true"
    )
    html = fragment.content.decode()
    assert "<html" not in html
    assert f'href="/o/{org.slug}/audit/export.csv?record=kestrel"' in html


# Verification of the chain


def test_admins_and_auditors_may_start_a_verification_managers_may_not():
    assert role_has(Role.ADMIN, "history.verify") and role_has(Role.AUDITOR, "history.verify")
    assert not role_has(Role.MANAGER, "history.verify")
    assert not role_has(Role.SUPPLIER, "history.verify")


def test_an_auditor_starts_a_verification_and_sees_the_chain_intact(
    org, manager, auditor, client_for, django_capture_on_commit_callbacks
):
    make_party(org, manager.user)
    client = client_for(auditor)
    page = client.get(f"/o/{org.slug}/audit/").content.decode()
    assert "Not checked yet" in page and "Verify the chain now" in page
    with django_capture_on_commit_callbacks(execute=True):
        panel = client.post(
            f"/o/{org.slug}/audit/verification/", {"start": "1"}, HTTP_HX_REQUEST="true"
        )
    assert panel.status_code == 200
    with org_scope(org):
        verification = ChainVerification.objects.get()
        head = AuditEvent.objects.order_by("-seq").first()
    assert verification.status == ChainVerification.Status.INTACT
    assert verification.requested_by == auditor.user
    assert verification.events_checked == head.seq and verification.head_hash == head.hash
    page = client.get(f"/o/{org.slug}/audit/").content.decode()
    assert "Intact" in page and f"up to #{head.seq}" in page and "Asked for by" in page


def test_a_queued_verification_is_polled_until_it_finishes(org, admin, auditor, client_for):
    verification = services.verification_request(organization=org, actor=admin.user)
    panel = client_for(auditor).get(f"/o/{org.slug}/audit/verification/").content.decode()
    assert 'hx-trigger="every 2s"' in panel and "Checking the chain now" in panel
    assert "Verify the chain now" not in panel
    # A second request while one waits returns the waiting one.
    assert services.verification_request(organization=org, actor=auditor.user) == verification
    services.verification_run(organization_id=org.pk, verification_id=verification.pk)
    panel = client_for(auditor).get(f"/o/{org.slug}/audit/verification/").content.decode()
    assert "every 2s" not in panel and "Intact" in panel


def test_a_manager_may_read_the_result_but_not_start_a_check(org, manager, client_for):
    client = client_for(manager)
    assert "Verify the chain now" not in client.get(f"/o/{org.slug}/audit/").content.decode()
    assert client.post(f"/o/{org.slug}/audit/verification/", {"start": "1"}).status_code == 403


def _tamper(sql, params):
    db_guard.run(connection, "suspend")
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        db_guard.run(connection, "resume")


def test_a_tampered_chain_shows_as_broken_on_the_audit_log(
    org, other_org, manager, auditor, client_for
):
    for name in ("A", "B", "C"):
        make_party(org, manager.user, name=name)
    make_party(other_org, None, name="Elsewhere")
    with scopes_disabled():
        target = AuditEvent.objects.filter(organization=org).order_by("seq")[2]
    _tamper(
        "UPDATE audit_auditevent SET changes = %s WHERE id = %s",
        ['{"name": [null, "forged"]}', target.pk],
    )
    assert dispatch_chain_verification() == 2  # the nightly dispatcher, run eagerly
    with scopes_disabled():
        results = {v.organization_id: v for v in ChainVerification.objects.all()}
    assert results[other_org.pk].status == ChainVerification.Status.INTACT
    broken = results[org.pk]
    assert broken.status == ChainVerification.Status.BROKEN
    assert broken.trigger == ChainVerification.Trigger.NIGHTLY
    assert broken.broken_at_seq == target.seq and broken.events_checked == target.seq - 1
    html = client_for(auditor).get(f"/o/{org.slug}/audit/").content.decode()
    assert "Broken" in html and f"breaks at event #{target.seq}: content altered" in html
    assert "Nightly check" in html


@pytest.mark.parametrize("start", [{}, {"start": ""}])
def test_a_post_without_start_changes_nothing(org, auditor, client_for, start):
    response = client_for(auditor).post(f"/o/{org.slug}/audit/verification/", start)
    assert response.status_code == 302
    with org_scope(org):
        assert not ChainVerification.objects.exists()


def test_every_kind_of_record_is_named_and_linked_in_one_query_per_kind(db):
    """One of everything (the isolation suite's world): every audited record is named by
    the registry without Django's default description, each kind that has a page links to
    it, and naming them all reads each table once."""
    import re
    from collections import Counter

    from django.apps import apps
    from django.test.utils import CaptureQueriesContext

    from relmgmt.core import extensions
    from relmgmt.core.models import AuditedModel
    from tests.conftest import create_member, create_org
    from tests.isolation.world import build_side

    audited = {m._meta.label_lower for m in apps.get_models() if issubclass(m, AuditedModel)}
    unnamed = audited - {entry.model for entry in extensions.record_pages} - {"audit.signature"}
    assert unnamed == set(), "register a RecordPage for each audited model"

    side = build_side(create_org("everything"), create_member)
    organization = side.organization
    with org_scope(organization):
        events = list(AuditEvent.objects.order_by("seq"))
        with CaptureQueriesContext(connection) as queries:
            described = describe_events(events, organization)
    tables = Counter(re.search(r'FROM "(\w+)"', q["sql"]).group(1) for q in queries)
    assert all(count == 1 for count in tables.values()), tables
    for event in described:
        assert "object (" not in event.record_name, event.model_label
        for _label, before, after in event.rows:
            for value in (before, after):
                assert not (isinstance(value, str) and "object (" in value), event.model_label
    linked = {e.model_label for e in described if getattr(e.record_name, "url", "")}
    with_pages = {entry.model for entry in extensions.record_pages if entry.url_name}
    living = {e.model_label for e in described if e.action != "delete"}
    assert (with_pages & living) - linked <= {"tenancy.invitation"}


def test_a_check_whose_worker_stopped_is_not_waited_for(org, admin, auditor, client_for):
    from datetime import timedelta

    from django.utils import timezone

    stuck = services.verification_request(organization=org, actor=admin.user)
    with org_scope(org):
        ChainVerification.objects.filter(pk=stuck.pk).update(
            status=ChainVerification.Status.RUNNING,
            created_at=timezone.now() - ChainVerification.ABANDONED_AFTER - timedelta(minutes=1),
        )
    panel = client_for(auditor).get(f"/o/{org.slug}/audit/verification/").content.decode()
    assert "every 2s" not in panel and "Verify the chain now" in panel
    assert services.verification_request(organization=org, actor=auditor.user) != stuck
