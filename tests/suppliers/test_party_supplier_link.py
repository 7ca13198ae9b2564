"""A party's page links to its supplier record, through the platform's record links (the
parties app knows nothing of suppliers)."""

from parties.services import register as party_services
from relmgmt.core import extensions


def test_a_party_page_links_to_its_supplier_record(
    org, manager, auditor, make_supplier, client_for
):
    supplier = make_supplier(org, code="SUP-7", name="Northwind Castings")
    other = party_services.party_create(
        organization=org,
        actor=manager.user,
        data={"name": "City council", "types": ["regulator"]},
    )
    assert any(entry.model_label == "parties.party" for entry in extensions.record_links)
    client = client_for(auditor)
    # The party's page reads the links other apps add to it once it has loaded.
    page = client.get(f"/o/{org.slug}/parties/{supplier.party_id}/").text
    links = f"/o/{org.slug}/records/parties.party/{supplier.party_id}/links/"
    assert f'hx-get="{links}"' in page
    page = client.get(links).text
    assert "Supplier record" in page
    assert f'href="/o/{org.slug}/suppliers/{supplier.pk}/"' in page and "SUP-7" in page
    plain = client.get(f"/o/{org.slug}/records/parties.party/{other.pk}/links/").text
    assert "Supplier record" not in plain
