"""Customers lost by the revenue gap get a follow-up, once per gap: the daily job notes the
loss on the party (from the quarter the figures count it lost) and gives the owner a
follow-up; not before the quarters have passed, not for a customer marked lost by hand or
still buying, a note without a follow-up for a party without an owner, a new gap after
revenue again makes a new one, and the organisation's setting moves the threshold."""

from datetime import date

import pytest

from customers import tasks
from customers.models import Lapse
from customers.services import lapses
from customers.services import revenue as services
from parties.models import FollowUp, Interaction
from relmgmt.core.scoping import org_scope
from tests.customers.helpers import customer, quarter, revenue

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(org, manager):
    """Steady buys every quarter of 2025; Gone bought in 2025 Q1 only (lost in Q3 after two
    empty quarters); Late first bought in Q2; Marked bought in Q1 and was marked lost;
    Ownerless bought in Q1 and has no owner; Never has no revenue."""
    owner = manager.user
    steady = customer(org, "Steady", owner=owner)
    gone = customer(org, "Gone", owner=owner)
    late = customer(org, "Late", owner=owner)
    marked = customer(org, "Marked", owner=owner)
    ownerless = customer(org, "Ownerless")
    customer(org, "Never", owner=owner)
    for number in range(1, 4):
        revenue(org, steady, quarter(2025, number), 100, kind="quarter")
    revenue(org, gone, date(2025, 2, 1), 50)
    revenue(org, late, quarter(2025, 2), 70, kind="quarter")
    revenue(org, marked, date(2025, 1, 1), 30)
    services.loss_mark(
        organization=org, actor=None, party=marked, lost_on=date(2025, 2, 15), reason="Moved"
    )
    revenue(org, ownerless, date(2025, 3, 1), 40)
    return {"gone": gone, "ownerless": ownerless, "owner": owner}


def _names(found):
    return sorted(lapse.party.name for lapse in found)


def test_a_customer_lost_by_the_gap_gets_a_note_and_its_owner_a_follow_up(org, book):
    assert lapses.lapses_follow_up(organization=org, today=date(2025, 9, 30)) == []
    found = lapses.lapses_follow_up(organization=org, today=date(2025, 10, 1))
    assert _names(found) == ["Gone", "Ownerless"]
    with org_scope(org):
        gone = Lapse.objects.select_related("follow_up__interaction").get(party=book["gone"])
        assert gone.last_month_index == 2025 * 12 + 1
        note = gone.follow_up.interaction
        assert note.kind == Interaction.Kind.NOTE and note.party_id == book["gone"].pk
        assert note.summary == (
            "Customer lost from 2025 Q3: no revenue for 2 quarters after 2025 Q1."
        )
        assert gone.follow_up.owner == book["owner"]
        assert gone.follow_up.due_on == date(2025, 10, 15)
        assert "winning them back" in gone.follow_up.description
        ownerless = Lapse.objects.get(party=book["ownerless"])
        assert ownerless.follow_up is None
        assert Interaction.objects.filter(party=book["ownerless"], kind="note").count() == 1
    # Once per gap: the next days find nothing new.
    assert lapses.lapses_follow_up(organization=org, today=date(2025, 10, 2)) == []
    with org_scope(org):
        assert FollowUp.objects.count() == 1


def test_revenue_again_and_a_new_gap_make_a_new_follow_up(org, book):
    lapses.lapses_follow_up(organization=org, today=date(2025, 10, 1))
    revenue(org, book["gone"], date(2026, 1, 1), 90)  # won back
    meanwhile = lapses.lapses_follow_up(organization=org, today=date(2026, 4, 1))
    assert "Gone" not in _names(meanwhile)  # others' gaps, not Gone's: it bought in January
    again = lapses.lapses_follow_up(organization=org, today=date(2026, 10, 1))
    assert "Gone" in _names(again)
    with org_scope(org):
        assert Lapse.objects.filter(party=book["gone"]).count() == 2


def test_the_setting_moves_the_threshold(org, book):
    org.settings = {**(org.settings or {}), "customer_figures": {"lost_after_periods": 4}}
    org.save()
    assert lapses.lapses_follow_up(organization=org, today=date(2025, 10, 1)) == []
    assert _names(lapses.lapses_follow_up(organization=org, today=date(2026, 4, 1))) == [
        "Gone",
        "Ownerless",
    ]


def test_the_daily_job_runs_it_for_each_organisation_with_revenue(org, other_org, book):
    assert tasks.dispatch_lapsed_customers.delay().get() == 1
    with org_scope(org):  # today, every customer who bought in 2025 only has lapsed
        found = Lapse.objects.values_list("party__name", flat=True)
        assert sorted(found) == ["Gone", "Late", "Ownerless", "Steady"]
