"""The panels record pages read on their own (history, reminders, other apps' links) answer
for the organisation's own records only."""

from parties.services import register as party_services


def test_the_panels_answer_for_the_organisation_s_records_only(org, manager, client_for):
    party = party_services.party_create(
        organization=org, actor=manager.user, data={"name": "Kestrel", "types": ["customer"]}
    )
    client = client_for(manager)
    base = f"/o/{org.slug}"
    history = client.get(f"{base}/audit/records/parties.party/{party.pk}/panel/")
    assert history.status_code == 200 and "<html" not in history.text
    assert "Created by" in history.text
    reminders = client.get(f"{base}/reminders/records/parties.party/{party.pk}/panel/")
    assert reminders.status_code == 200 and "Reminders" in reminders.text
    assert client.get(f"{base}/records/parties.party/{party.pk}/links/").status_code == 200
    for missing in (
        f"{base}/audit/records/no.such/{party.pk}/panel/",
        f"{base}/audit/records/parties.party/{party.pk + 1000}/panel/",
        f"{base}/reminders/records/accounts.user/{manager.user.pk}/panel/",
        f"{base}/reminders/records/parties.party/{party.pk + 1000}/panel/",
        f"{base}/reminders/records/parties.party/not-an-id/panel/",
        f"{base}/records/parties.need/{party.pk}/links/",
        f"{base}/records/parties.party/{party.pk + 1000}/links/",
    ):
        assert client.get(missing).status_code == 404, missing
