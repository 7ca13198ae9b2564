"""A party's page and the sections it reads on their own stay within the page budget
whatever the party's records."""

from datetime import timedelta

from parties.services import contacts as contact_services
from parties.services import interactions as interaction_services
from parties.services import plans as plan_services
from parties.services import register

from .helpers_reviews import days, make_party, make_risk, record_review, today


def test_the_party_page_and_its_sections_stay_within_the_budget(
    org, manager, admin, client_for, assert_few_queries
):
    party = make_party(org, manager.user, tier="strategic", types=["customer", "supplier"])
    plan_services.plan_create(organization=org, actor=manager.user, party=party)
    grown = iter(range(1000))

    def grow():
        for _ in range(3):
            n = next(grown)
            register.need_create(
                organization=org, actor=manager.user, party=party, data={"description": f"{n}"}
            )
            contact = contact_services.contact_create(
                organization=org, actor=manager.user, party=party, data={"name": f"Contact {n}"}
            )
            interaction = interaction_services.interaction_create(
                organization=org,
                actor=manager.user,
                party=party,
                data={
                    "occurred_on": today(org) - timedelta(days=n),
                    "summary": f"Meeting {n}",
                    "contacts": [contact],
                    "members": [manager.user, admin.user],
                },
            )
            interaction_services.follow_up_create(
                organization=org,
                actor=manager.user,
                interaction=interaction,
                data={"description": "Send the minutes", "owner": admin.user, "due_on": today(org)},
            )
            record_review(org, manager.user, party, reviewed_on=today(org) - days(40 + n))
            make_risk(org, manager.user, party, owner=admin.user, kind="opportunity")
            register.party_update(
                organization=org,
                actor=admin.user,
                party=party,
                data={"owner": admin.user if n % 2 else manager.user, "description": f"{n}"},
                reason="Handover",
            )

    client = client_for(manager)
    page = f"/o/{org.slug}/parties/{party.pk}/"
    assert_few_queries(client, page, grow=grow)
    for section in ("interactions", "reviews", "plan"):
        assert_few_queries(client, f"{page}sections/{section}/", grow=grow)
    for panel in (
        f"/o/{org.slug}/records/parties.party/{party.pk}/links/",
        f"/o/{org.slug}/reminders/records/parties.party/{party.pk}/panel/",
        f"/o/{org.slug}/audit/records/parties.party/{party.pk}/panel/",
    ):
        assert_few_queries(client, panel, grow=grow)


def test_the_page_leaves_its_later_sections_to_be_read_when_shown(org, manager, client_for):
    party = make_party(org, manager.user)
    record_review(org, manager.user, party, findings="Stable relationship")
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/parties/{party.pk}/").text
    assert "Stable relationship" not in page
    assert f'hx-get="/o/{org.slug}/parties/{party.pk}/sections/reviews/"' in page
    assert f"/audit/records/parties.party/{party.pk}/panel/" in page
    reviews = client.get(f"/o/{org.slug}/parties/{party.pk}/sections/reviews/").text
    assert "Stable relationship" in reviews and "<html" not in reviews
    assert client.get(f"/o/{org.slug}/parties/{party.pk}/sections/nothing/").status_code == 404
