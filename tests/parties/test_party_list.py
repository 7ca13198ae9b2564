"""The party list as its readers see it: counts that follow every change, deep pages in the
right order and for the same queries as the first, stable sorts, names shown as text, and
only their own organisation's people to filter by."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parties.models import Party
from parties.services import register as services
from relmgmt.core.pagination import PAGE_SIZE
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from tests.conftest import create_user

# Thousands of rows: far enough that skipping whole rows would cost more than their ids.
DEEP_ROWS = 2_000


def make_party(organization, actor, **data):
    data = {"name": "Volta Motors", "types": ["customer"], **data}
    return services.party_create(organization=organization, actor=actor, data=data)


def names_on(page) -> list[str]:
    return re.findall(r'<td><a href="/o/[\w-]+/parties/\d+/">([^<]+)</a>', page.text)


def owners_on(page) -> list[str]:
    rows = re.findall(r'<tr><td><a href="/o/[\w-]+/parties/\d+/">.*?</tr>', page.text)
    return [re.findall(r"<td[^>]*>(.*?)</td>", row)[4] for row in rows]


def test_the_count_follows_every_change_of_the_register(org, manager, client_for):
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/?tier=strategic"
    alpha = make_party(org, manager.user, name="Alpha", tier="strategic")
    make_party(org, manager.user, name="Beta", tier="strategic")
    assert "2 in all" in client.get(url).text
    assert "2 in all" in client.get(url).text  # remembered, and still right

    make_party(org, manager.user, name="Gamma", tier="strategic")
    assert "3 in all" in client.get(url).text
    services.party_update(
        organization=org, actor=manager.user, party=alpha, data={"tier": "managed"}
    )
    assert "2 in all" in client.get(url).text
    with org_scope(org):
        Party.objects.filter(name="Beta").delete()
    assert "1 in all" in client.get(url).text


def test_another_organisation_never_sees_this_organisations_count(
    org, other_org, manager, outsider, client_for
):
    make_party(org, manager.user, name="Alpha")
    make_party(org, manager.user, name="Beta")
    make_party(other_org, outsider.user, name="Alpha")
    assert "2 in all" in client_for(manager).get(f"/o/{org.slug}/parties/").text
    assert "1 in all" in client_for(outsider).get(f"/o/{other_org.slug}/parties/").text


def test_deep_pages_hold_the_rows_that_paging_through_the_list_would_reach(
    org, manager, client_for
):
    total = DEEP_ROWS + 2 * PAGE_SIZE + 7
    with org_scope(org):
        Party.objects.bulk_create(
            [
                Party(organization=org, name=f"P{n:05d}", types=["other"], influence=n % 5 + 1)
                for n in range(total)
            ]
        )
        every = list(Party.objects.order_by("name").values_list("name", flat=True))
        by_influence = list(
            Party.objects.order_by("-influence", "name").values_list("name", flat=True)
        )
    client = client_for(manager)
    last = -(-total // PAGE_SIZE)
    for number in (DEEP_ROWS // PAGE_SIZE + 1, last - 1, last):
        start = (number - 1) * PAGE_SIZE
        page = client.get(f"/o/{org.slug}/parties/?page={number}")
        assert names_on(page) == every[start : start + PAGE_SIZE]
        assert f"Page {number} of {last}" in page.text
    page = client.get(f"/o/{org.slug}/parties/?o=-influence,name&page={last - 1}")
    start = (last - 2) * PAGE_SIZE
    assert names_on(page) == by_influence[start : start + PAGE_SIZE]
    with CaptureQueriesContext(connection) as first:
        client.get(f"/o/{org.slug}/parties/")
    with CaptureQueriesContext(connection) as deep:
        client.get(f"/o/{org.slug}/parties/?page={last // 2}")
    assert len(deep) == len(first)  # each read for the first time
    with CaptureQueriesContext(connection) as deep_again:
        client.get(f"/o/{org.slug}/parties/?page={last // 2}")
    assert len(deep_again) < len(deep)  # its rows remembered


def test_a_sort_on_a_column_with_ties_pages_in_a_stable_order(org, manager, client_for):
    with org_scope(org):
        Party.objects.bulk_create(
            [
                Party(organization=org, name=f"P{n:03d}", types=["other"], next_review_due=None)
                for n in range(60)
            ]
        )
    client = client_for(manager)
    seen = []
    for number in (1, 2, 3):
        seen += names_on(client.get(f"/o/{org.slug}/parties/?o=-next_review_due&page={number}"))
    # Ties follow the name, the way the sorted column runs: each party once, none left out.
    assert seen == [f"P{n:03d}" for n in reversed(range(60))]


def test_names_and_tags_are_shown_as_text(org, manager, client_for):
    make_party(org, manager.user, name="<b>Bold</b> & Co", tags=['"><script>x</script>'])
    page = client_for(manager).get(f"/o/{org.slug}/parties/").text
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co" in page
    assert "&quot;&gt;&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page


def test_the_owner_filter_offers_this_organisations_staff_only(
    org, other_org, manager, outsider, make_member, client_for
):
    colleague = make_member(org, Role.AUDITOR, user=None)
    portal_user = make_member(org, Role.SUPPLIER)
    for _ in range(2):  # each organisation's page after the other's, twice
        page = client_for(manager).get(f"/o/{org.slug}/parties/").text
        owner_select = page[
            page.index('<select name="owner"') : page.index(
                "</select>", page.index('<select name="owner"')
            )
        ]
        assert f'value="{manager.user.pk}"' in owner_select
        assert f'value="{colleague.user.pk}"' in owner_select
        assert f'value="{portal_user.user.pk}"' not in owner_select
        assert f'value="{outsider.user.pk}"' not in owner_select
        other_page = client_for(outsider).get(f"/o/{other_org.slug}/parties/").text
        assert f'value="{outsider.user.pk}"' in other_page
        assert f'value="{manager.user.pk}"' not in other_page


def test_the_layout_links_to_the_organisations_pages(
    org, other_org, manager, make_member, client_for
):
    make_member(other_org, Role.AUDITOR, user=manager.user)
    page = client_for(manager).get(f"/o/{org.slug}/parties/").text
    assert f'href="{reverse("parties:party_list", kwargs={"org_slug": org.slug})}"' in page
    assert f'href="{reverse("audit_log", kwargs={"org_slug": org.slug})}"' in page
    assert f'value="{reverse("org_home", kwargs={"org_slug": other_org.slug})}"' in page
    other = client_for(manager).get(f"/o/{other_org.slug}/parties/").text
    assert f'href="{reverse("parties:party_list", kwargs={"org_slug": other_org.slug})}"' in other


def test_a_filter_it_cannot_read_is_named_beside_its_control(org, manager, client_for):
    make_party(org, manager.user, name="Alpha")
    page = client_for(manager).get(f"/o/{org.slug}/parties/?tier=golden").text
    label = page[
        page.index('<label for="id_tier">') : page.index(
            "</label>", page.index('<label for="id_tier">')
        )
    ]
    assert "Select a valid choice" in label


def test_a_long_list_of_parties_to_filter_by_offers_every_one(org, manager, client_for):
    with org_scope(org):
        Party.objects.bulk_create(
            [Party(organization=org, name=f"P{n:04d}", types=["other"]) for n in range(520)]
        )
    page = client_for(manager).get(f"/o/{org.slug}/contacts/").text
    party_select = page[
        page.index('<select name="party"') : page.index(
            "</select>", page.index('<select name="party"')
        )
    ]
    assert party_select.count("<option") == 521  # "any" and every party


def test_a_page_seen_again_reads_no_rows_until_a_change_and_any_number_finds_its_nearest(
    org, manager, client_for
):
    """A page's rows are remembered under the audit trail's head: seen again, the page reads
    the head and nothing of the register, and the next change of a record shows at once.
    A number past the end, zero or not a number finds the nearest page, as Django's
    paginator would, and an empty list its empty first page."""
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/"
    assert "The register is empty" in client.get(url).text
    assert names_on(client.get(f"{url}?page=3")) == []
    with org_scope(org):
        Party.objects.bulk_create(
            [Party(organization=org, name=f"P{n:03d}", types=["other"]) for n in range(60)]
        )
    assert names_on(client.get(f"{url}?page=2")) == [f"P{n:03d}" for n in range(25, 50)]
    with CaptureQueriesContext(connection) as read:
        page = client.get(f"{url}?page=2")
    assert names_on(page) == [f"P{n:03d}" for n in range(25, 50)]
    assert [q for q in read if q["sql"].lstrip().startswith('SELECT "audit_auditchain"')]
    assert not [q for q in read if 'FROM "parties_party"' in q["sql"]]
    with org_scope(org):
        renamed = Party.objects.get(name="P030")
    services.party_update(
        organization=org, actor=manager.user, party=renamed, data={"name": "P030b"}
    )
    assert "P030b" in names_on(client.get(f"{url}?page=2"))
    for number, shown in (("9", 3), ("0", 3), ("-1", 3), ("two", 1), ("2.5", 1), ("", 1)):
        page = client.get(f"{url}?page={number}")
        assert f"Page {shown} of 3" in page.text, number
        start = (shown - 1) * PAGE_SIZE
        names = [f"P{n:03d}" for n in range(start, min(start + 25, 60))]
        assert names_on(page) == [("P030b" if name == "P030" else name) for name in names]


def test_an_owner_renamed_by_an_operator_shows_at_once_on_a_page_seen_before(
    org, manager, admin, client_for, django_capture_on_commit_callbacks
):
    """A person's name is not one of the organisation's records: the admin's change renews
    what the organisation's lists keep (relmgmt.core.remembered)."""
    make_party(org, manager.user, name="Alpha", owner=admin.user)
    lister = client_for(manager)
    url = f"/o/{org.slug}/parties/"
    assert owners_on(lister.get(url)) == [admin.user.display_name]  # now remembered
    operator = create_user(email="operator@example.test", is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(operator)
    joined = timezone.localtime(admin.user.date_joined)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:accounts_user_change", args=[admin.user.pk]),
            {
                "email": admin.user.email,
                "full_name": "Renamed Person",
                "is_active": "on",
                "date_joined_0": joined.date().isoformat(),
                "date_joined_1": joined.time().isoformat(timespec="seconds"),
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert owners_on(lister.get(url)) == ["Renamed Person"]


def test_a_list_filtered_on_a_json_field_is_remembered_too(org, manager, client_for):
    """The filter on types compares JSON: its parameter is read as its value, not as the
    database adapter that carries it (which PostgreSQL's driver writes with its address)."""
    make_party(org, manager.user, name="Alpha", types=["customer"])
    make_party(org, manager.user, name="Beta", types=["supplier"])
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/?type=customer&o=-next_review_due"
    assert names_on(client.get(url)) == ["Alpha"]
    with CaptureQueriesContext(connection) as read:
        assert names_on(client.get(url)) == ["Alpha"]
    assert not [q for q in read if 'FROM "parties_party"' in q["sql"]]
