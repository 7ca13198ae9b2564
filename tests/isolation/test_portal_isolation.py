"""The supplier portal's own isolation suite: a portal user of one supplier tries every
portal route with another supplier's ids (same organisation) and another organisation's,
and gets 404 each time, changing nothing; the buyer's internal notes never show in the
portal.

``PORTAL_ROUTES`` names every portal route and the kinds of object it takes; a portal
route without an entry fails ``test_every_portal_route_has_an_entry``.
"""

from datetime import timedelta

import pytest
from django.urls import reverse

from parties.models import Party
from parties.services import interactions as interaction_services
from parties.services import register as party_services
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from suppliers.services import register as supplier_services
from suppliers.services import supplier_requests as request_services

from .routes import UI_ROUTES
from .test_isolation import as_user, ui_patterns
from .world import portal_objects, snapshot

# Route name -> {URL argument: kind of object}. Kinds are those of world.portal_objects.
PORTAL_ROUTES = {
    "portal:home": {},
    "portal:profile": {},
    "portal:contact_propose": {},
    "portal:contact_change_propose": {"pk": "portal_contact"},
    "portal:address_propose": {},
    "portal:certificate_list": {},
    "portal:certificate_upload": {},
    "portal:certificate_download": {"pk": "portal_certificate"},
    "portal:request_list": {},
    "portal:request_detail": {"pk": "portal_request"},
    "portal:request_download": {"pk": "portal_request"},
    "portal:notification_list": {},
    "portal:scorecard": {},
    "portal:questionnaire_list": {},
    "portal:questionnaire_answer": {"pk": "questionnaire"},
    "portal:questionnaire_file": {"pk": "questionnaire_answer"},
}

WITH_OBJECTS = [name for name, objects in PORTAL_ROUTES.items() if objects]


def portal_route_names():
    return {name for route, name, _module in ui_patterns() if route.startswith("portal/<slug")}


def test_every_portal_route_has_an_entry():
    missing = sorted(portal_route_names() - set(PORTAL_ROUTES))
    assert not missing, f"Portal routes without an entry in PORTAL_ROUTES: {missing}"
    assert set(PORTAL_ROUTES) <= portal_route_names()
    for name, objects in PORTAL_ROUTES.items():
        assert UI_ROUTES[name].kind == "portal" and UI_ROUTES[name].objects == objects, name


@pytest.fixture
def other_supplier_objects(world, make_member):
    """Another supplier of the same organisation, with its own portal user and records."""
    mine, _theirs = world
    other = make_member(mine.organization, Role.SUPPLIER)
    return portal_objects(mine.organization, other, mine.members[Role.MANAGER].user)


def _url(name, slug, objects):
    kwargs = {"org_slug": slug}
    for argument, kind in PORTAL_ROUTES[name].items():
        kwargs[argument] = objects[kind].pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", WITH_OBJECTS)
def test_portal_route_with_another_suppliers_ids_is_not_found(
    name, world, other_supplier_objects, client
):
    mine, theirs = world
    route = UI_ROUTES[name]
    slug = mine.organization.slug
    as_user(client, mine.members[Role.SUPPLIER])
    assert client.get(_url(name, slug, mine.objects)).status_code == 200, name
    before = snapshot()
    for objects in (other_supplier_objects, theirs.objects):
        url = _url(name, slug, objects)
        assert client.get(url).status_code == 404, url
        if route.writes:
            assert client.post(url, {"response": "x", "name": "x"}).status_code == 404, url
    assert snapshot() == before


INTERNAL = "INTERNAL-NOTE-7f3a"


def test_the_buyers_internal_notes_never_show_in_the_portal(world, client):
    mine, _theirs = world
    organization = mine.organization
    portal_member = mine.members[Role.SUPPLIER]
    manager = mine.members[Role.MANAGER].user
    supplier = portal_member.supplier
    with org_scope(organization):
        party = Party.objects.get(pk=supplier.party_id)
    party_services.party_update(
        organization=organization,
        actor=manager,
        party=party,
        data={"description": f"{INTERNAL} description", "tags": [f"{INTERNAL}-tag"]},
    )
    supplier_services.supplier_update(
        organization=organization, actor=manager, supplier=supplier, data={"owner": manager}
    )
    interaction_services.interaction_create(
        organization=organization,
        actor=manager,
        party=party,
        data={
            "occurred_on": party_services.organization_today(organization),
            "summary": f"{INTERNAL} meeting",
        },
    )
    request = request_services.request_raise(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={
            "kind": "document",
            "subject": "Material certificates",
            "description": "Send the 3.1 certificates.",
            "internal_note": f"{INTERNAL} request",
            "due_date": party_services.organization_today(organization) + timedelta(days=5),
        },
    )
    as_user(client, portal_member)
    urls = [_url(name, organization.slug, mine.objects) for name in PORTAL_ROUTES]
    urls.append(_url("portal:request_detail", organization.slug, {"portal_request": request}))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert INTERNAL.encode() not in body, url
        assert manager.email.encode() not in body, url
    assert b"Material certificates" in response.content
