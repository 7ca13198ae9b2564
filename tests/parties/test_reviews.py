"""Reviews of parties: recording one moves the party's review date and its reminder; bad
input is refused whole; the due list; the pages and the API."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from parties.models import Party, Review
from parties.reminder_kinds import REVIEW_DUE
from parties.services import reviews
from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import add_months
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.notifications.services import dispatch
from relmgmt.policy import Role

from .helpers_reviews import days, make_party, make_risk, record_review, review_data, today


def review_reminders(org, party):
    with org_scope(org):
        return list(
            Reminder.objects.filter(
                kind=REVIEW_DUE.key, model_label="parties.party", object_id=str(party.pk)
            ).order_by("due_date", "escalation_level")
        )


def state(org):
    """What a refused write must leave as it was."""
    with org_scope(org):
        return (
            list(Review.objects.values_list("id", flat=True)),
            list(Party.objects.values_list("id", "last_reviewed_on", "next_review_due")),
            list(Reminder.objects.values_list("id", "status", "due_date")),
            AuditEvent.objects.count(),
        )


# --- The service --------------------------------------------------------------------------


def test_recording_a_review_moves_the_due_date_and_the_reminder(org, manager):
    party = make_party(org, manager.user, tier="managed", next_review_due=today(org) + days(10))
    old_due = party.next_review_due
    assert {r.status for r in review_reminders(org, party)} == {"pending"}

    review = record_review(org, manager.user, party)

    expected = add_months(today(org), 6)  # managed: every six months
    assert review.next_review_due == expected
    with org_scope(org):
        party.refresh_from_db()
    assert party.last_reviewed_on == today(org) and party.next_review_due == expected
    reminders = review_reminders(org, party)
    old = [r for r in reminders if r.due_date == old_due]
    new = [r for r in reminders if r.due_date == expected]
    assert len(old) == 3 and len(new) == 3, "the reminder and its two escalations, each"
    assert {(r.status, r.cancelled_reason) for r in old} == {
        ("cancelled", f"moved to {expected.isoformat()}")
    }
    assert {r.status for r in new} == {"pending"}
    first = next(r for r in new if r.escalation_level == 0)
    assert timezone.localtime(first.send_at).date() == expected - days(14)


def test_the_next_due_date_can_be_set_and_the_cadence_follows_the_party(org, manager):
    party = make_party(org, manager.user, tier="strategic", review_cadence_months=2)
    review = record_review(org, manager.user, party)
    assert review.next_review_due == add_months(today(org), 2)
    chosen = today(org) + days(40)
    review = record_review(org, manager.user, party, next_review_due=chosen)
    with org_scope(org):
        party.refresh_from_db()
    assert party.next_review_due == chosen == review.next_review_due


def test_an_earlier_review_entered_later_keeps_the_schedule_of_the_latest(org, manager):
    party = make_party(org, manager.user)
    latest = record_review(org, manager.user, party, reviewed_on=today(org) - days(5))
    record_review(org, manager.user, party, reviewed_on=today(org) - days(200))
    with org_scope(org):
        party.refresh_from_db()
        assert Review.objects.filter(party=party).count() == 2
    assert party.last_reviewed_on == latest.reviewed_on
    assert party.next_review_due == latest.next_review_due


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"our_satisfaction": 0}, "our_satisfaction"),
        ({"their_satisfaction": 6}, "their_satisfaction"),
        ({"reviewed_on": "tomorrow"}, "reviewed_on"),
        ({"next_review_due": "before"}, "next_review_due"),
        ({"next_review_due": "same day"}, "next_review_due"),
        ({"reviewer": None}, "reviewer"),
        ({"findings": "   "}, "findings"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(org, manager, change, field):
    party = make_party(org, manager.user)
    before = state(org)
    data = review_data(org, manager.user)
    if change.get("reviewed_on") == "tomorrow":
        change = {"reviewed_on": today(org) + days(1)}
    if change.get("next_review_due") == "before":
        change = {"next_review_due": today(org) - days(1)}
    if change.get("next_review_due") == "same day":
        change = {"next_review_due": today(org)}
    with pytest.raises(ValidationError) as refused:
        reviews.review_create(
            organization=org, actor=manager.user, party=party, data={**data, **change}
        )
    assert field in refused.value.message_dict
    assert state(org) == before


def test_a_reviewer_who_is_not_a_member_is_refused(org, manager, outsider, make_user):
    party = make_party(org, manager.user)
    before = state(org)
    for stranger in (outsider.user, make_user()):
        with pytest.raises(ValidationError) as refused:
            record_review(org, manager.user, party, reviewer=stranger)
        assert "not a member" in refused.value.message_dict["reviewer"][0]
    assert state(org) == before


def test_a_party_of_another_organisation_cannot_be_reviewed(org, other_org, manager, outsider):
    theirs = make_party(other_org, outsider.user)
    before = state(other_org)
    with pytest.raises(ValidationError) as refused:
        record_review(org, manager.user, theirs)
    assert "party" in refused.value.message_dict
    assert state(other_org) == before


def test_a_correction_changes_what_the_review_says_not_its_dates(org, manager, admin):
    party = make_party(org, manager.user)
    review = record_review(org, manager.user, party)
    reviews.review_update(
        organization=org,
        actor=admin.user,
        review=review,
        data={
            "findings": "Corrected findings",
            "their_satisfaction": 5,
            "reviewed_on": today(org) - days(30),
            "next_review_due": today(org) + days(1),
        },
        reason="typo",
    )
    with org_scope(org):
        review.refresh_from_db()
        party.refresh_from_db()
        event = AuditEvent.objects.filter(model_label="parties.review").order_by("-seq").first()
    assert review.findings == "Corrected findings" and review.their_satisfaction == 5
    assert review.reviewed_on == today(org) and party.next_review_due == review.next_review_due
    assert event.reason == "typo" and event.actor_label == admin.user.email


# --- Reminders of an overdue review -------------------------------------------------------


def send_everything_due(org):
    with org_scope(org):
        Reminder.objects.filter(status="pending").update(next_attempt_at=timezone.now() - days(1))
    claim = dispatch.claim_due()
    return {
        reminder_id: dispatch.send_reminder(
            organization=org, reminder_id=reminder_id, token=str(claim.token)
        )
        for reminder_id in sorted(claim.by_organization.get(org.pk, []))
    }


def test_an_overdue_review_is_escalated_to_the_owner_then_the_admins(org, manager, admin):
    owner = manager.user
    party = make_party(org, owner, name="Volta Motors", next_review_due=today(org) - days(30))
    outcomes = send_everything_due(org)
    assert list(outcomes.values()) == ["sent", "sent", "sent"]
    by_recipient = {}
    for message in mail.outbox:
        by_recipient.setdefault(tuple(message.to), []).append(message.subject)
    assert set(by_recipient) == {(owner.email,), (admin.user.email,)}
    to_owner, to_admins = sorted(by_recipient[(owner.email,)]), by_recipient[(admin.user.email,)]
    assert to_owner[0].startswith("A party is due for review: Volta Motors")
    assert to_owner[1].startswith("Overdue: A party is due for review: Volta Motors")
    assert len(to_admins) == 1
    assert to_admins[0].startswith("Escalated, overdue: A party is due for review: Volta Motors")

    # Reviewing the party schedules the next round; nothing is open for the old date.
    record_review(org, owner, party)
    with org_scope(org):
        party.refresh_from_db()
    reminders = review_reminders(org, party)
    assert {(r.due_date == party.next_review_due, r.status) for r in reminders} == {
        (False, "sent"),
        (True, "pending"),
    }


def test_a_review_cancels_the_escalations_still_to_come(org, manager):
    party = make_party(org, manager.user, next_review_due=today(org) - days(3))
    record_review(org, manager.user, party)
    with org_scope(org):
        party.refresh_from_db()
    old = [r for r in review_reminders(org, party) if r.due_date != party.next_review_due]
    assert len(old) == 3
    assert {r.status for r in old} == {"cancelled"}
    assert all(r.cancelled_reason.startswith("moved to") for r in old)


# --- Pages --------------------------------------------------------------------------------


def test_recording_a_review_through_the_page(org, manager, client_for):
    party = make_party(org, manager.user, next_review_due=today(org) - days(3))
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/{party.pk}/reviews/new/"
    page = client.get(url)
    assert page.status_code == 200 and b"Record a review" in page.content
    chosen = today(org) + days(90)
    response = client.post(
        url,
        {
            "reviewed_on": today(org).isoformat(),
            "reviewer": manager.user.pk,
            "findings": "All good",
            "our_satisfaction": "4",
            "their_satisfaction": "5",
            "next_review_due": chosen.isoformat(),
        },
    )
    assert response.status_code == 302
    with org_scope(org):
        party.refresh_from_db()
    assert party.next_review_due == chosen and party.last_reviewed_on == today(org)
    assert client.get(response["Location"]).status_code == 200
    reviews = client.get(f"{response['Location']}sections/reviews/")
    assert b"All good" in reviews.content and b"4 / 5" in reviews.content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"reviewed_on": "future"}, b"cannot be recorded ahead of time"),
        ({"next_review_due": "past"}, b"must be due after"),
        ({"our_satisfaction": "6"}, b"Select a valid choice"),
        ({"reviewer": "outsider"}, b"Select a valid choice"),
    ],
)
def test_the_page_shows_bad_input_beside_the_field(
    org, manager, outsider, client_for, change, message
):
    party = make_party(org, manager.user)
    before = state(org)
    data = {
        "reviewed_on": today(org).isoformat(),
        "reviewer": manager.user.pk,
        "findings": "All good",
        "our_satisfaction": "4",
        "their_satisfaction": "5",
    }
    values = {
        "future": (today(org) + days(2)).isoformat(),
        "past": (today(org) - days(2)).isoformat(),
        "outsider": outsider.user.pk,
    }
    data.update({key: values.get(value, value) for key, value in change.items()})
    response = client_for(manager).post(f"/o/{org.slug}/parties/{party.pk}/reviews/new/", data)
    assert response.status_code == 200
    assert message in response.content and b'role="alert"' in response.content
    assert state(org) == before


def test_correcting_a_review_through_the_page(org, manager, client_for):
    party = make_party(org, manager.user)
    review = record_review(org, manager.user, party)
    response = client_for(manager).post(
        f"/o/{org.slug}/reviews/{review.pk}/edit/",
        {
            "reviewer": manager.user.pk,
            "findings": "Better words",
            "our_satisfaction": "2",
            "their_satisfaction": "3",
            "reason": "clearer",
        },
    )
    assert response.status_code == 302
    with org_scope(org):
        review.refresh_from_db()
    assert review.findings == "Better words" and review.our_satisfaction == 2


def test_the_party_page_shows_reviews_and_risks_and_their_actions(
    org, manager, auditor, client_for
):
    party = make_party(org, manager.user)
    record_review(org, manager.user, party, findings="Stable relationship")
    make_risk(org, manager.user, party, description="Port strike")
    url = f"/o/{org.slug}/parties/{party.pk}/"
    page = client_for(manager).get(url)
    reviews = client_for(manager).get(f"{url}sections/reviews/")
    assert b"Stable relationship" in reviews.content and b"Port strike" in page.content
    assert b"Record a review" in reviews.content and b"Add a risk" in page.content
    page = client_for(auditor).get(url)
    reviews = client_for(auditor).get(f"{url}sections/reviews/")
    assert b"Stable relationship" in reviews.content
    assert b"Record a review" not in reviews.content and b"Add a risk" not in page.content


def test_the_party_page_links_to_every_review_when_there_are_many(org, manager, client_for):
    party = make_party(org, manager.user)
    for n in range(6):
        record_review(org, manager.user, party, reviewed_on=today(org) - days(100 - n))
    page = client_for(manager).get(f"/o/{org.slug}/parties/{party.pk}/sections/reviews/")
    assert f"/parties/reviews/?party={party.pk}".encode() in page.content
    assert page.content.count(b"Correct<span") == 5


def test_party_page_queries_do_not_grow_with_reviews_and_risks(
    org, manager, client_for, assert_few_queries
):
    party = make_party(org, manager.user)
    record_review(org, manager.user, party)
    make_risk(org, manager.user, party)

    def grow():
        for n in range(4):
            record_review(org, manager.user, party, reviewed_on=today(org) - days(50 + n))
            make_risk(org, manager.user, party, owner=manager.user, kind="opportunity")

    url = f"/o/{org.slug}/parties/{party.pk}/"
    client = client_for(manager)
    assert_few_queries(client, url, grow=grow)
    assert_few_queries(client, f"{url}sections/reviews/", grow=grow)


def test_the_review_list_filters_and_keeps_queries_constant(
    org, manager, admin, client_for, assert_constant_queries
):
    first, second = make_party(org, manager.user), make_party(org, admin.user, tier="strategic")
    record_review(org, manager.user, first, findings="First party's review")
    record_review(org, admin.user, second, reviewer=admin.user, findings="Second party's review")
    client = client_for(manager)
    base = f"/o/{org.slug}/parties/reviews/"
    page = client.get(f"{base}?party={first.pk}")
    assert b"First party" in page.content and b"Second party" not in page.content
    page = client.get(f"{base}?reviewer={admin.user.pk}&tier=strategic")
    assert b"Second party" in page.content and b"First party" not in page.content

    def grow():
        for _ in range(3):
            record_review(org, admin.user, make_party(org, admin.user), reviewer=admin.user)

    assert_constant_queries(client, f"{base}?o=-reviewed_on", grow=grow)


# --- The due list -------------------------------------------------------------------------


def test_the_due_list_puts_overdue_first_and_filters(org, manager, admin, client_for):
    t = today(org)
    late = make_party(org, manager.user, name="Late one", next_review_due=t - days(10))
    later = make_party(org, manager.user, name="Later late", next_review_due=t - days(2))
    soon = make_party(
        org, admin.user, name="Soon due", tier="strategic", next_review_due=t + days(5)
    )
    make_party(org, manager.user, name="Far away", next_review_due=t + days(60))
    make_party(org, manager.user, name="Sleeping", status="inactive", next_review_due=t - days(9))
    client = client_for(manager)
    base = f"/o/{org.slug}/parties/reviews/due/"

    page = client.get(base).content.decode()
    names = [late.name, later.name, soon.name]
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)
    assert "Far away" not in page and "Sleeping" not in page
    assert ">overdue</span>" in page

    page = client.get(f"{base}?review_due=90").content.decode()
    assert "Far away" in page and "Sleeping" not in page
    page = client.get(f"{base}?review_due=overdue").content.decode()
    assert "Late one" in page and "Soon due" not in page
    page = client.get(f"{base}?review_due=90&owner={admin.user.pk}").content.decode()
    assert "Soon due" in page and "Late one" not in page
    page = client.get(f"{base}?review_due=90&tier=managed").content.decode()
    assert "Soon due" not in page and "Far away" in page
    month = add_months(t.replace(day=1), 2)
    page = client.get(f"{base}?month={month:%Y-%m}").content.decode()
    assert ("Far away" in page) == (month <= t + days(60) < add_months(month, 1))
    assert "Late one" not in page


def test_the_due_list_keeps_its_queries_constant(org, manager, client_for, assert_constant_queries):
    make_party(org, manager.user, next_review_due=today(org) - days(1))

    def grow():
        for n in range(5):
            make_party(org, manager.user, next_review_due=today(org) + days(n))

    url = f"/o/{org.slug}/parties/reviews/due/"
    assert_constant_queries(client_for(manager), url, grow=grow)


def test_the_party_list_and_the_home_page_link_the_new_pages(org, manager, client_for):
    client = client_for(manager)
    listing = client.get(f"/o/{org.slug}/parties/").content
    home = client.get(f"/o/{org.slug}/").content
    for url in (b"/parties/overview/", b"/parties/reviews/due/"):
        assert url in listing and url in home
    assert b"/parties/risks/" in listing


# --- API ----------------------------------------------------------------------------------


def test_recording_a_review_through_the_api_has_the_same_effect(org, manager, api_client_for):
    party = make_party(org, manager.user, next_review_due=today(org) + days(3))
    old_due = party.next_review_due
    api = api_client_for(manager)
    response = api.post(
        f"/api/v1/o/{org.slug}/reviews/",
        {
            "party": party.pk,
            "reviewed_on": today(org).isoformat(),
            "reviewer": manager.user.pk,
            "findings": "Via the API",
            "our_satisfaction": 3,
            "their_satisfaction": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    with org_scope(org):
        party.refresh_from_db()
    assert body["next_review_due"] == party.next_review_due.isoformat()
    assert party.last_reviewed_on == today(org)
    statuses = {(r.due_date, r.status) for r in review_reminders(org, party)}
    assert statuses == {(old_due, "cancelled"), (party.next_review_due, "pending")}
    with org_scope(org):
        assert AuditEvent.objects.filter(
            model_label="parties.review", object_id=str(body["id"]), source="api"
        ).exists()

    listed = api.get(f"/api/v1/o/{org.slug}/reviews/?party={party.pk}").json()
    assert [row["id"] for row in listed["results"]] == [body["id"]]

    patched = api.patch(
        f"/api/v1/o/{org.slug}/reviews/{body['id']}/",
        {"findings": "Corrected", "reviewed_on": "2000-01-01", "reason": "typo"},
        format="json",
    )
    assert patched.status_code == 200
    assert patched.json()["findings"] == "Corrected"
    assert patched.json()["reviewed_on"] == today(org).isoformat()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"our_satisfaction": 6}, "our_satisfaction"),
        ({"their_satisfaction": 0}, "their_satisfaction"),
        ({"reviewed_on": "future"}, "reviewed_on"),
        ({"next_review_due": "past"}, "next_review_due"),
        ({"reviewer": "outsider"}, "reviewer"),
        ({"party": "theirs"}, "party"),
    ],
)
def test_the_api_refuses_bad_reviews_naming_the_field(
    org, other_org, manager, outsider, api_client_for, change, field
):
    party = make_party(org, manager.user)
    theirs = make_party(other_org, outsider.user)
    api = api_client_for(manager)
    before, before_theirs = state(org), state(other_org)
    values = {
        "future": (today(org) + days(1)).isoformat(),
        "past": (today(org) - days(1)).isoformat(),
        "outsider": outsider.user.pk,
        "theirs": theirs.pk,
    }
    data = {
        "party": party.pk,
        "reviewed_on": today(org).isoformat(),
        "reviewer": manager.user.pk,
        "findings": "x",
        "our_satisfaction": 3,
        "their_satisfaction": 3,
    }
    data.update({key: values.get(value, value) for key, value in change.items()})
    response = api.post(f"/api/v1/o/{org.slug}/reviews/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert state(org) == before and state(other_org) == before_theirs


def test_an_auditor_reads_reviews_but_cannot_record_one(org, manager, auditor, api_client_for):
    party = make_party(org, manager.user)
    record_review(org, manager.user, party)
    api = api_client_for(auditor)
    assert api.get(f"/api/v1/o/{org.slug}/reviews/").json()["count"] == 1
    response = api.post(
        f"/api/v1/o/{org.slug}/reviews/",
        {"party": party.pk, **{k: str(v) for k, v in review_data(org, auditor.user).items()}},
        format="json",
    )
    assert response.status_code == 403


def test_the_due_list_matches_the_party_api_filter(org, manager, api_client_for):
    make_party(org, manager.user, name="Overdue", next_review_due=today(org) - days(1))
    make_party(org, manager.user, name="Later", next_review_due=today(org) + days(200))
    rows = api_client_for(manager).get(f"/api/v1/o/{org.slug}/parties/?review_due=30").json()
    assert [row["name"] for row in rows["results"]] == ["Overdue"]


def test_a_portal_user_cannot_be_named_reviewer_through_the_api(
    org, manager, make_member, api_client_for
):
    portal_user = make_member(org, Role.SUPPLIER)
    party = make_party(org, manager.user)
    response = api_client_for(manager).post(
        f"/api/v1/o/{org.slug}/reviews/",
        {
            "party": party.pk,
            "reviewed_on": today(org).isoformat(),
            "reviewer": portal_user.user.pk,
            "findings": "x",
            "our_satisfaction": 3,
            "their_satisfaction": 3,
        },
        format="json",
    )
    assert response.status_code == 400 and "reviewer" in response.json()["error"]["fields"]


def test_the_due_list_through_the_api_has_the_page_filters(org, manager, admin, api_client_for):
    make_party(org, manager.user, name="Overdue", next_review_due=today(org) - days(1))
    make_party(org, admin.user, name="Soon", next_review_due=today(org) + days(20))
    make_party(org, manager.user, name="Later", next_review_due=today(org) + days(100))
    api = api_client_for(manager)
    url = f"/api/v1/o/{org.slug}/reviews-due/"

    def names(query=""):
        return [row["name"] for row in api.get(f"{url}{query}").json()["results"]]

    assert names() == ["Overdue", "Soon"]
    assert names("?review_due=180") == ["Overdue", "Soon", "Later"]
    assert names(f"?review_due=180&owner={admin.user.pk}") == ["Soon"]
    assert api.get(f"{url}?month=2026-13").status_code == 400
