"""The party and supplier pages show the latest survey scores of the party, through the
platform's record links (neither app knows of surveys); each answer is an interaction on
the party's record."""

from django.utils import timezone

from feedback.services.surveys import responses as response_services
from parties.models import Contact, Interaction
from relmgmt.core import extensions
from relmgmt.core.scoping import org_scope
from tests.feedback.survey_helpers import answers_for, links_in_outbox, make_party, send_campaign


def test_party_and_supplier_pages_show_the_latest_scores(
    org, manager, auditor, make_supplier, client_for
):
    supplier = make_supplier(org, code="SUP-9", name="Northwind Castings")
    with org_scope(org):
        Contact.objects.create(
            organization=org,
            party_id=supplier.party_id,
            name="Buyer at Northwind",
            email="buyer@northwind.test",
            consent_given_at=timezone.now() - timezone.timedelta(days=3),
            consent_method="signed form",
        )
    quiet, _ = make_party(org, "Quiet Ltd")
    first = send_campaign(org, manager.user, name="Spring")
    response_services.response_submit(
        organization=org,
        value=links_in_outbox(org)["buyer@northwind.test"],
        answers=answers_for(first.template, nps=4, csat=2),
    )
    seen = client_for(auditor).get(f"/o/{org.slug}/suppliers/{supplier.pk}/").text
    assert "NPS 4 of 10 · CSAT 2 of 5, on" in seen  # and remembered until the next answer
    later = send_campaign(org, manager.user, name="Autumn", template=first.template)
    response_services.response_submit(
        organization=org,
        value=links_in_outbox(org)["buyer@northwind.test"],
        answers=answers_for(first.template, nps=9, csat=5, effort=2),
    )
    labels = {entry.model_label for entry in extensions.record_links}
    assert {"parties.party", "suppliers.supplier"} <= labels
    client = client_for(auditor)
    # The party's page reads the links other apps add to it once it has loaded.
    party_page = client.get(f"/o/{org.slug}/parties/{supplier.party_id}/").text
    assert f"/records/parties.party/{supplier.party_id}/links/" in party_page
    party_page = client.get(f"/o/{org.slug}/records/parties.party/{supplier.party_id}/links/").text
    assert "Latest survey scores" in party_page
    assert "NPS 9 of 10 · CSAT 5 of 5 · effort 2 of 7" in party_page and "(Autumn)" in party_page
    assert f'href="/o/{org.slug}/surveys/{later.pk}/results/"' in party_page
    supplier_page = client.get(f"/o/{org.slug}/suppliers/{supplier.pk}/").text
    assert "NPS 9 of 10 · CSAT 5 of 5 · effort 2 of 7" in supplier_page
    quiet_links = client.get(f"/o/{org.slug}/records/parties.party/{quiet.pk}/links/").text
    assert "Latest survey scores" not in quiet_links
    with org_scope(org):
        # Each answer is on the party's record as an interaction.
        assert Interaction.objects.filter(party_id=supplier.party_id).count() == 2
