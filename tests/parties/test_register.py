"""The register of interested parties: parties and their needs, through services, pages
and the API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parties.models import Need, Party
from parties.reminder_kinds import REVIEW_DUE
from parties.services import register as services
from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import add_months
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder, ReminderRecipient


def make_party(organization, actor, **data):
    data = {"name": "Volta Motors", "types": ["customer"], **data}
    return services.party_create(organization=organization, actor=actor, data=data)


def test_add_months_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    from datetime import date

    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)


def test_a_new_party_is_due_for_review_one_cycle_ahead_and_its_owner_is_reminded(org, manager):
    party = make_party(org, manager.user, tier="strategic", owner=manager.user)
    today = timezone.localdate()
    assert party.next_review_due == add_months(today, 3)
    with org_scope(org):
        reminder = Reminder.objects.get(
            kind=REVIEW_DUE.key, object_id=str(party.pk), escalation_level=0
        )
        assert reminder.due_date == party.next_review_due
        recipients = ReminderRecipient.objects.filter(reminder=reminder)
        assert list(recipients.values_list("user_id", flat=True)) == [manager.user.pk]
        assert AuditEvent.objects.filter(model_label="parties.party", action="create").count() == 1


def test_moving_the_review_date_moves_the_reminder_and_inactive_cancels_it(org, manager):
    party = make_party(org, manager.user, owner=manager.user)
    new_due = timezone.localdate() + timedelta(days=40)
    party = services.party_update(
        organization=org,
        actor=manager.user,
        party=party,
        data={"next_review_due": new_due},
        reason="agreed at the QBR",
    )
    with org_scope(org):
        open_reminders = Reminder.objects.filter(
            kind=REVIEW_DUE.key, object_id=str(party.pk), status="pending"
        )
        assert {r.due_date for r in open_reminders} == {new_due}
        event = AuditEvent.objects.filter(model_label="parties.party", action="update").last()
        assert event.reason == "agreed at the QBR"
    services.party_update(
        organization=org, actor=manager.user, party=party, data={"status": "inactive"}
    )
    with org_scope(org):
        assert not Reminder.objects.filter(object_id=str(party.pk), status="pending").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"influence": 6}, "influence"),
        ({"interest": 0}, "interest"),
        ({"types": []}, "types"),
        ({"types": ["alien"]}, "types"),
        ({"name": "  "}, "name"),
        ({"tags": ["x" * 41]}, "tags"),
        ({"website": "not a web address"}, "website"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(org, manager, data, field):
    with pytest.raises(ValidationError) as caught:
        make_party(org, manager.user, **data)
    assert field in caught.value.message_dict
    with org_scope(org):
        assert not Party.objects.exists()
        assert not Reminder.objects.exists()


def test_a_duplicate_name_is_refused_whatever_its_case_and_spacing(org, manager):
    make_party(org, manager.user, name="Volta Motors")
    with pytest.raises(ValidationError) as caught:
        make_party(org, manager.user, name="  volta   MOTORS ")
    assert "already a party named" in caught.value.message_dict["name"][0]


def test_the_same_name_in_another_organisation_is_fine(org, other_org, manager, outsider):
    make_party(org, manager.user)
    make_party(other_org, outsider.user)


def test_an_owner_must_be_a_staff_member_of_the_organisation(
    org, manager, outsider, supplier_member
):
    for person in (outsider.user, supplier_member.user):
        with pytest.raises(ValidationError) as caught:
            make_party(org, manager.user, owner=person)
        assert "not a member" in caught.value.message_dict["owner"][0]


def test_needs_are_recorded_and_their_changes_are_history(org, manager):
    party = make_party(org, manager.user)
    need = services.need_create(
        organization=org,
        actor=manager.user,
        party=party,
        data={"description": "Deliveries on time", "monitoring": "OTIF"},
    )
    services.need_update(
        organization=org, actor=manager.user, need=need, data={"status": "met"}, reason="done"
    )
    with pytest.raises(ValidationError):
        services.need_create(organization=org, actor=manager.user, party=party, data={})
    with org_scope(org):
        assert Need.objects.count() == 1
        events = AuditEvent.objects.filter(model_label="parties.need").order_by("seq")
        assert [e.action for e in events] == ["create", "update"]
        assert events[1].changes["status"] == ["identified", "met"]


def test_the_list_filters_sorts_and_pages_without_javascript(org, manager, client_for):
    today = timezone.localdate()
    make_party(org, manager.user, name="Alpha", tier="strategic", tags=["Key account"])
    make_party(org, manager.user, name="Beta", types=["regulator"])
    make_party(
        org, manager.user, name="Gamma", types=["customer", "partner"], next_review_due=today
    )
    overdue = make_party(org, manager.user, name="Delta", next_review_due=today)
    with org_scope(org):
        Party.objects.filter(pk=overdue.pk).update(next_review_due=today - timedelta(days=3))
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/"

    def names(query):
        response = client.get(url + query)
        assert response.status_code == 200
        return [n for n in ("Alpha", "Beta", "Gamma", "Delta") if f">{n}</a>" in response.text]

    assert names("?type=partner") == ["Gamma"]
    assert names("?type=customer") == ["Alpha", "Gamma", "Delta"]
    assert names("?tier=strategic") == ["Alpha"]
    assert names("?tag=key+account") == ["Alpha"]
    assert names("?review_due=overdue") == ["Delta"]
    assert names("?q=gam") == ["Gamma"]
    page = client.get(url + "?o=-name").text
    assert page.index(">Gamma</a>") < page.index(">Delta</a>") < page.index(">Beta</a>")
    assert "overdue" in client.get(url + "?review_due=overdue").text


def test_the_list_pages_and_keeps_its_filters_in_the_page_links(org, manager, client_for):
    with org_scope(org):
        Party.objects.bulk_create(
            [Party(organization=org, name=f"P{n:03d}", types=["other"]) for n in range(60)]
        )
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/parties/?type=other&page=2")
    assert "Page 2 of 3" in page.text and "P025" in page.text and "P050" not in page.text
    assert "?type=other&amp;page=3" in page.text
    fragment = client.get(f"/o/{org.slug}/parties/?type=other", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "P000" in fragment.text


def test_list_and_party_page_make_a_constant_number_of_queries(
    org, manager, client_for, assert_constant_queries
):
    party = make_party(org, manager.user, owner=manager.user)
    grown = iter(range(1000))

    def grow():
        for _ in range(15):
            n = next(grown)
            other = make_party(org, manager.user, name=f"Grown {n}", owner=manager.user)
            services.need_create(
                organization=org, actor=manager.user, party=other, data={"description": "x"}
            )
            services.need_create(
                organization=org, actor=manager.user, party=party, data={"description": f"{n}"}
            )

    client = client_for(manager)
    assert_constant_queries(client, f"/o/{org.slug}/parties/", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/parties/{party.pk}/", grow=grow)


def test_a_manager_adds_and_changes_a_party_through_the_pages(org, manager, client_for):
    client = client_for(manager)
    response = client.post(
        f"/o/{org.slug}/parties/new/",
        {"name": "Kestrel", "types": ["customer", "partner"], "tier": "managed",
         "status": "active", "influence": 4, "interest": 5, "tags": "robots, Key account",
         "owner": manager.user.pk},
    )  # fmt: skip
    assert response.status_code == 302
    with org_scope(org):
        party = Party.objects.get(name="Kestrel")
    assert party.tags == ["robots", "key account"] and party.owner == manager.user
    detail = client.get(response["Location"])
    assert "Kestrel" in detail.text and "History" in detail.text
    bad = client.post(
        f"/o/{org.slug}/parties/{party.pk}/edit/",
        {"name": "Kestrel", "types": ["customer"], "tier": "managed", "status": "active",
         "influence": 9, "interest": 5},
    )  # fmt: skip
    assert bad.status_code == 200 and "influence" in bad.text and "problem" in bad.text
    with org_scope(org):
        assert Party.objects.get(pk=party.pk).influence == 4


def test_an_auditor_reads_but_is_offered_no_change(org, manager, auditor, client_for):
    party = make_party(org, manager.user)
    client = client_for(auditor)
    assert "Add a party" not in client.get(f"/o/{org.slug}/parties/").text
    page = client.get(f"/o/{org.slug}/parties/{party.pk}/").text
    assert "Volta Motors" in page and "Record a need" not in page and "/edit/" not in page


def test_the_api_creates_filters_and_refuses_bad_input(org, other_org, manager, outsider,
                                                       api_client_for):  # fmt: skip
    api = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}"
    created = api.post(
        f"{base}/parties/",
        {"name": "Helios", "types": ["customer"], "tier": "strategic", "owner": manager.user.pk},
        format="json",
    )
    assert created.status_code == 201, created.json()
    party_id = created.json()["id"]
    assert created.json()["next_review_due"]
    assert api.get(f"{base}/parties/?tier=strategic").json()["count"] == 1
    assert api.get(f"{base}/parties/?type=regulator").json()["count"] == 0
    for payload, field in [
        ({"name": "X", "types": ["customer"], "influence": 7}, "influence"),
        ({"name": "helios", "types": ["customer"]}, "name"),
        ({"name": "Y", "types": ["customer"], "owner": outsider.user.pk}, "owner"),
        ({"name": "Z", "types": []}, "types"),
    ]:
        response = api.post(f"{base}/parties/", payload, format="json")
        assert response.status_code == 400 and field in str(response.json()), payload
    need = api.post(f"{base}/needs/", {"party": party_id, "description": "Quality"}, format="json")
    assert need.status_code == 201
    foreign = make_party(other_org, outsider.user, name="Foreign")
    response = api.post(f"{base}/needs/", {"party": foreign.pk, "description": "x"}, format="json")
    assert response.status_code == 400 and "party" in str(response.json())
    patched = api.patch(
        f"{base}/parties/{party_id}/", {"interest": 5, "reason": "re-assessed"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["interest"] == 5
    with org_scope(org):
        assert AuditEvent.objects.filter(reason="re-assessed", source="api").exists()


def test_portal_users_see_nothing_of_the_register(org, manager, supplier_member, client_for):
    make_party(org, manager.user)
    response = client_for(supplier_member).get(f"/o/{org.slug}/parties/")
    assert response.status_code == 403


def test_history_names_the_people_and_lists_it_refers_to(org, manager, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from relmgmt.audit.templatetags.audit_format import audit_value, describe_events

    party = make_party(org, manager.user, owner=manager.user, types=["customer", "partner"])
    with org_scope(org):
        events = AuditEvent.objects.filter(model_label="parties.party", object_id=str(party.pk))
        with CaptureQueriesContext(connection) as one_event:
            [event] = describe_events(events)
        rows = {label: after for label, _before, after in event.rows}
        assert rows["owner"] == str(manager.user)
        assert audit_value(rows["types"]) == "customer, partner"
        for owner in (admin.user, manager.user, admin.user):
            services.party_update(
                organization=org, actor=manager.user, party=party, data={"owner": owner}
            )
        with CaptureQueriesContext(connection) as four_events:
            described = describe_events(events.order_by("seq"))
    assert len(four_events) == len(one_event)
    assert described[1].rows == [("owner", str(manager.user), str(admin.user))]
