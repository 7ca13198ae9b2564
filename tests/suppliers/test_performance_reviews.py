"""Performance reviews: attendees of both sides, the scorecard copied, actions reminded to
their owners and closable, rows refused by their number with nothing saved."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from parties.services import contacts as contact_services
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import PerformanceReview, ReviewAction
from suppliers.services import performance_reviews as services

from .helpers_reviews import open_reminders


def create(org, actor, supplier, **data):
    data = {"held_on": organization_today(org), "minutes": "Scorecard discussed", **data}
    return services.performance_review_create(
        organization=org, actor=actor, supplier=supplier, data=data
    )


def counts(org):
    with org_scope(org):
        return PerformanceReview.objects.count(), ReviewAction.objects.count()


def test_a_review_records_attendees_the_scorecard_and_reminded_actions(
    org, manager, admin, make_supplier
):
    supplier = make_supplier(org)
    contact = contact_services.contact_create(
        organization=org, actor=manager.user, party=supplier.party, data={"name": "Ana Ruiz"}
    )
    today = organization_today(org)
    review = create(
        org,
        manager.user,
        supplier,
        members=[manager.user, admin.user],
        contacts=[contact],
        actions=[
            {"description": "Send the 8D", "owner": manager.user, "due_on": today + timedelta(5)},
            {"description": "Share forecast", "owner": admin.user, "due_on": today},
        ],
    )
    with org_scope(org):
        assert set(review.members.all()) == {manager.user, admin.user}
        assert list(review.contacts.all()) == [contact]
        actions = list(review.actions.order_by("due_on"))
    assert review.scorecard_snapshot["source"] == "scorecard"
    share, send = actions
    due = (today + timedelta(5)).isoformat()
    assert open_reminders(org, send) == [
        ("suppliers.review_action_due", 0, due, due),
        ("suppliers.review_action_due", 1, due, (today + timedelta(12)).isoformat()),
        ("suppliers.review_action_due", 2, due, (today + timedelta(19)).isoformat()),
    ]
    assert open_reminders(org, share)[0][3] == today.isoformat()


def test_closing_an_action_stops_its_reminders_and_reopening_brings_them_back(
    org, manager, make_supplier
):
    supplier = make_supplier(org)
    review = create(
        org,
        manager.user,
        supplier,
        actions=[
            {"description": "Visit", "owner": manager.user, "due_on": organization_today(org)}
        ],
    )
    with org_scope(org):
        action = review.actions.get()
    services.review_action_set_done(organization=org, actor=manager.user, action=action)
    assert open_reminders(org, action) == []
    services.review_action_set_done(organization=org, actor=manager.user, action=action, done=False)
    assert len(open_reminders(org, action)) == 3


def test_changing_the_actions_keeps_moves_and_removes_by_id(org, manager, admin, make_supplier):
    supplier = make_supplier(org)
    today = organization_today(org)
    review = create(
        org,
        manager.user,
        supplier,
        actions=[
            {"description": "Keep", "owner": manager.user, "due_on": today},
            {"description": "Drop", "owner": manager.user, "due_on": today},
        ],
    )
    with org_scope(org):
        keep, drop = review.actions.order_by("id")
    later = today + timedelta(days=9)
    services.performance_review_update(
        organization=org,
        actor=manager.user,
        review=review,
        data={
            "actions": [
                {"id": keep.pk, "description": "Keep", "owner": admin.user, "due_on": later},
                {"description": "New", "owner": manager.user, "due_on": later},
            ]
        },
        reason="Agreed by mail",
    )
    with org_scope(org):
        assert sorted(review.actions.values_list("description", flat=True)) == ["Keep", "New"]
        assert not ReviewAction.objects.filter(pk=drop.pk).exists()
    assert open_reminders(org, keep)[0][2] == later.isoformat()
    assert open_reminders(org, drop) == []


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"description": "", "due_on": "today"}, "Row 2: say what"),
        ({"description": "x", "owner": None, "due_on": "today"}, "Row 2: choose who"),
        ({"description": "x", "due_on": None}, "Row 2: give the due date"),
    ],
)
def test_a_bad_action_row_is_named_and_nothing_is_saved(org, manager, make_supplier, row, message):
    supplier = make_supplier(org)
    today = organization_today(org)
    row = {"owner": manager.user, **row}
    row["due_on"] = today if row["due_on"] == "today" else row["due_on"]
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        create(
            org,
            manager.user,
            supplier,
            actions=[{"description": "fine", "owner": manager.user, "due_on": today}, row],
        )
    assert error.value.message_dict["actions"][0].startswith(message)
    assert counts(org) == before


def test_contacts_of_another_party_and_outsiders_are_refused(org, manager, make_supplier, outsider):
    supplier, other = make_supplier(org), make_supplier(org)
    stranger = contact_services.contact_create(
        organization=org, actor=manager.user, party=other.party, data={"name": "Not theirs"}
    )
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        create(org, manager.user, supplier, contacts=[stranger])
    assert "contacts" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(org, manager.user, supplier, members=[outsider.user])
    assert "members" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        create(org, manager.user, supplier, minutes="  ")
    assert "minutes" in error.value.message_dict
    assert counts(org) == before
