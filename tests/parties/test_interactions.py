"""Interactions with a party, who took part, and follow-up actions with their reminders."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parties.models import FollowUp, Interaction, InteractionContact, InteractionMember
from parties.reminder_kinds import FOLLOW_UP_DUE
from parties.services import contacts as contact_services
from parties.services import interactions as services
from parties.services import register
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder


def make_party(organization, actor, name="Volta Motors"):
    return register.party_create(
        organization=organization, actor=actor, data={"name": name, "types": ["customer"]}
    )


def make_contact(organization, actor, party, name="Ada Lovelace"):
    return contact_services.contact_create(
        organization=organization, actor=actor, party=party, data={"name": name}
    )


def make_interaction(organization, actor, party, **data):
    return services.interaction_create(
        organization=organization,
        actor=actor,
        party=party,
        data={"occurred_on": date(2026, 3, 2), "summary": "Quarterly review", **data},
    )


@pytest.fixture
def party(org, manager):
    return make_party(org, manager.user)


@pytest.fixture
def contact(org, manager, party):
    return make_contact(org, manager.user, party)


@pytest.fixture
def interaction(org, manager, party, contact):
    return make_interaction(org, manager.user, party, contacts=[contact], members=[manager.user])


def counts(organization):
    with org_scope(organization):
        return (
            Interaction.objects.count(),
            InteractionContact.objects.count(),
            InteractionMember.objects.count(),
            FollowUp.objects.count(),
        )


def reminders_of(organization, follow_up):
    with org_scope(organization):
        return list(
            Reminder.objects.filter(
                kind=FOLLOW_UP_DUE.key, object_id=str(follow_up.pk), escalation_level=0
            ).order_by("id")
        )


def test_an_interaction_records_its_participants_and_changes_them(
    org, manager, admin, party, contact
):
    other = make_contact(org, manager.user, party, name="Grace Hopper")
    interaction = make_interaction(
        org, manager.user, party, contacts=[contact, contact], members=[manager.user]
    )
    with org_scope(org):
        assert list(interaction.contacts.all()) == [contact]
    services.interaction_update(
        organization=org,
        actor=manager.user,
        interaction=interaction,
        data={"contacts": [other], "members": [manager.user, admin.user], "decisions": "Go"},
        reason="Grace stood in",
    )
    with org_scope(org):
        assert list(interaction.contacts.all()) == [other]
        assert set(interaction.members.all()) == {manager.user, admin.user}


@pytest.mark.parametrize("who", ["another party", "another organisation"])
def test_a_contact_of_another_party_or_organisation_cannot_take_part(
    org, other_org, manager, outsider, party, who
):
    if who == "another party":
        stranger = make_contact(org, manager.user, make_party(org, manager.user, name="Other"))
    else:
        stranger = make_contact(other_org, outsider.user, make_party(other_org, outsider.user))
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        make_interaction(org, manager.user, party, contacts=[stranger])
    assert "contacts" in error.value.message_dict
    assert "Volta Motors" in error.value.message_dict["contacts"][0]
    assert counts(org) == before


def test_a_participant_or_owner_who_is_not_a_member_is_refused(
    org, manager, outsider, party, interaction
):
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        make_interaction(org, manager.user, party, members=[manager.user, outsider.user])
    assert "members" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.follow_up_create(
            organization=org,
            actor=manager.user,
            interaction=interaction,
            data={"description": "Call back", "owner": outsider.user, "due_on": date(2026, 5, 1)},
        )
    assert "owner" in error.value.message_dict
    assert counts(org) == before


def test_a_follow_up_is_reminded_moved_done_and_opened_again(org, manager, admin, interaction):
    due = timezone.localdate() + timedelta(days=10)
    follow_up = services.follow_up_create(
        organization=org,
        actor=manager.user,
        interaction=interaction,
        data={"description": "Send the minutes", "owner": manager.user, "due_on": due},
    )
    (first,) = reminders_of(org, follow_up)
    assert first.status == "pending" and first.due_date == due
    later = due + timedelta(days=7)
    services.follow_up_update(
        organization=org,
        actor=manager.user,
        follow_up=follow_up,
        data={"due_on": later, "owner": admin.user},
        reason="Waiting for figures",
    )
    moved, current = reminders_of(org, follow_up)
    assert moved.status == "cancelled" and moved.cancelled_reason.startswith("moved")
    assert current.status == "pending" and current.due_date == later
    with org_scope(org):
        assert list(current.recipients.all()) == [admin.user]
    follow_up = services.follow_up_set_done(organization=org, actor=admin.user, follow_up=follow_up)
    assert follow_up.done_at is not None
    with org_scope(org):
        assert not Reminder.objects.filter(
            kind=FOLLOW_UP_DUE.key, object_id=str(follow_up.pk), status="pending"
        ).exists()
    services.follow_up_set_done(organization=org, actor=admin.user, follow_up=follow_up, done=False)
    assert reminders_of(org, follow_up)[-1].status == "pending"


def test_the_interaction_page_logs_follow_ups_and_marks_them_done(
    org, manager, interaction, client_for
):
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/interactions/{interaction.pk}/")
    assert b"Ada Lovelace" in page.content and b"No follow-up action" in page.content
    bad = client.post(
        f"/o/{org.slug}/interactions/{interaction.pk}/follow-ups/new/",
        {"description": "Send minutes", "due_on": "2026-04-01"},
    )
    assert bad.status_code == 200 and b"This field is required" in bad.content
    response = client.post(
        f"/o/{org.slug}/interactions/{interaction.pk}/follow-ups/new/",
        {"description": "Send minutes", "owner": manager.user.pk, "due_on": "2020-04-01"},
    )
    assert response.status_code == 302
    page = client.get(f"/o/{org.slug}/interactions/{interaction.pk}/")
    assert b"overdue since 2020-04-01" in page.content
    overdue = client.get(f"/o/{org.slug}/follow-ups/", {"status": "overdue"})
    assert b"Send minutes" in overdue.content
    with org_scope(org):
        follow_up = FollowUp.objects.get()
    response = client.post(f"/o/{org.slug}/follow-ups/{follow_up.pk}/done/", {"done": "1"})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    assert b"Send minutes" not in client.get(f"/o/{org.slug}/follow-ups/?status=open").content


def test_logging_an_interaction_through_the_page_refuses_half_input(
    org, manager, party, contact, client_for
):
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/{party.pk}/interactions/new/"
    page = client.post(url, {"kind": "call", "occurred_on": "2026-03-02", "contacts": [contact.pk]})
    assert page.status_code == 200 and b"This field is required" in page.content
    response = client.post(
        url,
        {
            "kind": "call",
            "occurred_on": "2026-03-02",
            "summary": "Delivery problems",
            "contacts": [contact.pk],
            "members": [manager.user.pk],
        },
    )
    assert response.status_code == 302
    assert counts(org)[:3] == (1, 1, 1)


def test_the_interaction_filter(org, manager, admin, party, contact, auditor, client_for):
    make_interaction(org, manager.user, party, summary="With Ada", contacts=[contact])
    make_interaction(
        org, manager.user, party, summary="Admin only", kind="visit", members=[admin.user]
    )
    client = client_for(auditor)
    page = client.get(f"/o/{org.slug}/interactions/", {"contact": contact.pk})
    assert b"With Ada" in page.content and b"Admin only" not in page.content
    page = client.get(f"/o/{org.slug}/interactions/", {"member": admin.user.pk, "kind": "visit"})
    assert b"Admin only" in page.content and b"With Ada" not in page.content


def test_interaction_and_follow_up_pages_use_a_constant_number_of_queries(
    org,
    manager,
    admin,
    auditor,
    party,
    contact,
    client_for,
    assert_constant_queries,
    assert_few_queries,
):
    interaction = make_interaction(org, manager.user, party, contacts=[contact])

    def grow():
        for number in range(4):
            other = make_contact(org, manager.user, party, name=f"Person {number}")
            made = make_interaction(
                org,
                manager.user,
                party,
                contacts=[contact, other],
                members=[manager.user, admin.user],
            )
            for owner in (manager.user, admin.user):
                services.follow_up_create(
                    organization=org,
                    actor=manager.user,
                    interaction=interaction,
                    data={"description": "Act", "owner": owner, "due_on": date(2026, 5, 1)},
                )
                services.follow_up_create(
                    organization=org,
                    actor=manager.user,
                    interaction=made,
                    data={"description": "Act", "owner": owner, "due_on": date(2026, 5, 1)},
                )

    client = client_for(auditor)
    assert_few_queries(client, f"/o/{org.slug}/interactions/", grow=grow)
    for url in (
        f"/o/{org.slug}/interactions/{interaction.pk}/",
        f"/o/{org.slug}/follow-ups/",
        f"/o/{org.slug}/parties/{party.pk}/",
    ):
        assert_constant_queries(client, url, grow=grow)


# --- API ------------------------------------------------------------------------------


def test_api_round_trip_of_an_interaction_and_its_follow_ups(
    org, manager, admin, party, contact, api_client_for
):
    client = api_client_for(manager)
    created = client.post(
        f"/api/v1/o/{org.slug}/interactions/",
        {
            "party": party.pk,
            "kind": "business_review",
            "occurred_on": "2026-03-02",
            "summary": "QBR",
            "contacts": [contact.pk],
            "members": [manager.user.pk, admin.user.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["contacts"] == [contact.pk] and sorted(body["members"]) == sorted(
        [manager.user.pk, admin.user.pk]
    )
    follow_up = client.post(
        f"/api/v1/o/{org.slug}/follow-ups/",
        {
            "interaction": body["id"],
            "description": "Minutes",
            "owner": admin.user.pk,
            "due_on": "2026-03-09",
        },
        format="json",
    )
    assert follow_up.status_code == 201, follow_up.json()
    assert follow_up.json()["done"] is False
    done = client.patch(
        f"/api/v1/o/{org.slug}/follow-ups/{follow_up.json()['id']}/", {"done": True}, format="json"
    )
    assert done.status_code == 200 and done.json()["done"] is True and done.json()["done_at"]
    listed = client.get(f"/api/v1/o/{org.slug}/follow-ups/", {"status": "done", "party": party.pk})
    assert [row["id"] for row in listed.json()["results"]] == [follow_up.json()["id"]]
    interactions = client.get(f"/api/v1/o/{org.slug}/interactions/", {"contact": contact.pk})
    assert interactions.json()["results"][0]["open_follow_ups"] == 0


def test_api_refuses_bad_participants_and_owners_and_saves_nothing(
    org, manager, outsider, party, interaction, api_client_for
):
    client = api_client_for(manager)
    other_party = make_party(org, manager.user, name="Other")
    stranger = make_contact(org, manager.user, other_party, name="Stranger")
    before = counts(org)
    response = client.post(
        f"/api/v1/o/{org.slug}/interactions/",
        {"party": party.pk, "occurred_on": "2026-03-02", "summary": "x", "contacts": [stranger.pk]},
        format="json",
    )
    assert response.status_code == 400 and "contacts" in response.json()["error"]["fields"]
    response = client.post(
        f"/api/v1/o/{org.slug}/interactions/",
        {
            "party": party.pk,
            "occurred_on": "2026-03-02",
            "summary": "x",
            "members": [outsider.user.pk],
        },
        format="json",
    )
    assert response.status_code == 400 and "members" in response.json()["error"]["fields"]
    response = client.post(
        f"/api/v1/o/{org.slug}/follow-ups/",
        {
            "interaction": interaction.pk,
            "description": "x",
            "owner": outsider.user.pk,
            "due_on": "2026-03-09",
        },
        format="json",
    )
    assert response.status_code == 400 and "owner" in response.json()["error"]["fields"]
    assert counts(org) == before
