"""The supplier portal's own isolation suite: a portal user of one supplier tries every
portal route and every operation of the portal API with another supplier's ids (same
organisation) and another organisation's, and gets 404 each time, changing nothing; the
buyer's internal notes never show in the portal, in its pages or in any response of its API.

``PORTAL_ROUTES`` names every portal route and the kinds of object it takes; a portal
route without an entry fails ``test_every_portal_route_has_an_entry``. The portal API's
operations come from the OpenAPI schema (objects from ``API_OBJECTS``); a write without a
body in ``PORTAL_API_WRITES`` fails ``test_every_portal_api_write_has_a_body``.
"""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from corrective_actions.services import scars as scar_services
from parties.models import Party
from parties.services import interactions as interaction_services
from parties.services import register as party_services
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.services import register as supplier_services
from suppliers.services import requests as request_services
from suppliers.services.questionnaires import sent as questionnaire_services
from suppliers.services.scorecards import definitions as scorecard_definitions

from ..suppliers.questionnaire_helpers import build_template, full_answers, send
from .routes import UI_ROUTES
from .test_isolation import api_client, api_url, as_user, call, portal_api_operations, ui_patterns
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
    "portal:scar_list": {},
    "portal:scar_detail": {"pk": "scar"},
    "portal:scar_why_add": {"pk": "scar"},
    "portal:scar_why_remove": {"pk": "scar_why"},
    "portal:scar_cause_add": {"pk": "scar"},
    "portal:scar_cause_remove": {"pk": "scar_cause"},
    "portal:scar_summary": {"pk": "scar"},
    "portal:scar_attachment": {"pk": "scar_attachment"},
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


def plant_internal_notes(mine) -> dict:
    """The buyer's internal notes (``INTERNAL``) on everything around the portal user's
    supplier: its party, an interaction, a request, a rating, questionnaires returned and
    accepted with reviewer's notes; and the manager as the supplier's owner. Returns the
    noted records by kind of object."""
    organization = mine.organization
    portal_member = mine.members[Role.SUPPLIER]
    manager = mine.members[Role.MANAGER].user
    supplier = portal_member.supplier
    today = organization_today(organization)
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
        data={"occurred_on": today, "summary": f"{INTERNAL} meeting"},
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
            "due_date": today + timedelta(days=5),
        },
    )
    # Answered with a file and returned: the supplier may answer it again.
    request = request_services.request_respond(
        organization=organization,
        actor=portal_member.user,
        request=request,
        response="Attached.",
        upload=SimpleUploadedFile("31.pdf", certificate_pdf("3.1 certificate")),
    )
    request = request_services.request_return(
        organization=organization, actor=manager, request=request, comment="Sign them."
    )
    scorecard_definitions.manual_rating_save(
        organization=organization,
        actor=manager,
        supplier=supplier,
        period_start=today.replace(day=1),
        rating=3,
        note=f"{INTERNAL} rating",
    )
    reviewed = {}
    for decision in ("return", "accept"):
        template = build_template(organization, manager, name=f"Review to {decision}")
        questionnaire = send(organization, manager, template, supplier)
        questionnaire_services.answers_save(
            organization=organization,
            actor=portal_member.user,
            request=questionnaire,
            values=full_answers(template),
            submit=True,
        )
        with org_scope(organization):
            text = template.questions.get(kind="text")
        reviewed[decision] = questionnaire_services.questionnaire_review(
            organization=organization,
            actor=manager,
            request=questionnaire,
            decision=decision,
            points={text.pk: 70},
            comments="Add the plan's owner." if decision == "return" else "",
            internal_notes=f"{INTERNAL} reviewer {decision}",
        )
        reviewed[f"{decision}_text"] = text
    # An 8D at D4 with the buyer's internal note, an internal history note and returns.
    scar = scar_services.scar_issue(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={"title": "Burrs", "description": "Lot 4411", "internal_note": f"{INTERNAL} 8D"},
    )
    scar_services.scar_note(
        organization=organization, actor=manager, scar=scar, note=f"{INTERNAL} 8D history"
    )
    for discipline in (1, 2, 3):
        scar_services.step_submit(
            organization=organization,
            actor=portal_member.user,
            scar=scar,
            discipline=discipline,
            answer=f"Answer to D{discipline}",
            is_not="Not on press 2" if discipline == 2 else "",
        )
        scar_services.step_review(
            organization=organization,
            actor=manager,
            scar=scar,
            discipline=discipline,
            action="accept",
        )
    return {"request": request, "scar": scar, **reviewed}


def test_the_buyers_internal_notes_never_show_in_the_portal(world, client):
    mine, _theirs = world
    organization = mine.organization
    manager = mine.members[Role.MANAGER].user
    noted = plant_internal_notes(mine)
    as_user(client, mine.members[Role.SUPPLIER])
    urls = [_url(name, organization.slug, mine.objects) for name in PORTAL_ROUTES]
    for record in (noted["return"], noted["accept"]):
        urls.append(
            _url("portal:questionnaire_answer", organization.slug, {"questionnaire": record})
        )
    urls.append(
        _url("portal:request_detail", organization.slug, {"portal_request": noted["request"]})
    )
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert INTERNAL.encode() not in body, url
        assert manager.email.encode() not in body, url
    assert b"Material certificates" in response.content


# --- The portal API -----------------------------------------------------------------------

PORTAL_API_WITH_OBJECTS = [op for op in portal_api_operations() if "{id}" in op[0]]


def _certificate_upload(organization):
    today = organization_today(organization)
    return {
        "type": "nda",
        "issuer": "Legal",
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=365)).isoformat(),
        "file": SimpleUploadedFile("nda.pdf", certificate_pdf("NDA")),
    }


# Path -> (body, format) of a write that succeeds, given the organisation and the noted records.
PORTAL_API_WRITES = {
    "/api/v1/portal/{org_slug}/profile/changes/": lambda org, noted: (
        {"kind": "contact_add", "name": "New Person"},
        "json",
    ),
    "/api/v1/portal/{org_slug}/certificates/": lambda org, noted: (
        _certificate_upload(org),
        "multipart",
    ),
    "/api/v1/portal/{org_slug}/requests/{id}/respond/": lambda org, noted: (
        {"response": "Certificates attached."},
        "json",
    ),
    "/api/v1/portal/{org_slug}/questionnaires/{id}/draft/": lambda org, noted: (
        {f"question_{noted['return_text'].pk}": "The quality manager owns the plan."},
        "json",
    ),
    "/api/v1/portal/{org_slug}/questionnaires/{id}/submit/": lambda org, noted: ({}, "json"),
    "/api/v1/portal/{org_slug}/notifications/{id}/read/": lambda org, noted: ({}, "json"),
    "/api/v1/portal/{org_slug}/notifications/read-all/": lambda org, noted: ({}, "json"),
    # On the noted 8D, at D4: a cause and a why first (the paths sort so), then the answer.
    "/api/v1/portal/{org_slug}/8d/{id}/analysis-causes/": lambda org, noted: (
        {"category": "machine", "cause": "No stroke counter", "is_root": True},
        "json",
    ),
    "/api/v1/portal/{org_slug}/8d/{id}/analysis-whys/": lambda org, noted: (
        {"why": "Why was the die worn?", "because": "No stroke counter"},
        "json",
    ),
    "/api/v1/portal/{org_slug}/8d/{id}/answer/": lambda org, noted: (
        {"discipline": 4, "answer": "Worn die.", "escape_point": "Sampling too thin."},
        "json",
    ),
}


def test_every_portal_api_write_has_a_body():
    writes = {path for path, method in portal_api_operations() if method != "get"}
    assert writes == set(PORTAL_API_WRITES)


@pytest.mark.parametrize(("path", "method"), PORTAL_API_WITH_OBJECTS)
def test_portal_api_operation_with_another_suppliers_ids_is_not_found(
    path, method, world, other_supplier_objects
):
    mine, theirs = world
    slug = mine.organization.slug
    portal_user = api_client(mine.keys[Role.SUPPLIER])
    if method == "get":
        assert call(portal_user, "get", api_url(path, slug, mine.objects)).status_code == 200
    before = snapshot()
    body = {"response": "x", "kind": "address", "address": "x", "question_1": "x"}
    for objects in (other_supplier_objects, theirs.objects):
        url = api_url(path, slug, objects)
        data = body if method != "get" else None
        response = getattr(portal_user, method)(url, data=data, format="json")
        assert response.status_code == 404, url
    assert snapshot() == before


def test_no_response_of_the_portal_api_shows_the_buyers_internal_notes(world):
    mine, _theirs = world
    organization = mine.organization
    manager = mine.members[Role.MANAGER].user
    noted = plant_internal_notes(mine)
    portal_user = api_client(mine.keys[Role.SUPPLIER])
    # Every read with the world's records, the noted request and both reviewed
    # questionnaires; then every write (on the noted request and the returned answers).
    object_sets = [
        mine.objects,
        {
            **mine.objects,
            "portal_request": noted["request"],
            "questionnaire": noted["return"],
            "scar": noted["scar"],
        },
        {**mine.objects, "questionnaire": noted["accept"]},
    ]
    responses = []
    for objects in object_sets:
        for path, method in portal_api_operations():
            if method == "get" and ("{id}" in path or objects is mine.objects):
                url = api_url(path, organization.slug, objects)
                responses.append((url, portal_user.get(url)))
    for path, method in sorted(portal_api_operations()):
        if method != "get":
            url = api_url(path, organization.slug, object_sets[1])
            data, fmt = PORTAL_API_WRITES[path](organization, noted)
            responses.append((url, getattr(portal_user, method)(url, data=data, format=fmt)))
    assert len(responses) > len(portal_api_operations())
    for url, response in responses:
        assert response.status_code in {200, 201}, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert INTERNAL.encode() not in body, url
        assert manager.email.encode() not in body, url
        for hidden in (b"internal_note", b"reviewer_points"):
            assert hidden not in body, (url, hidden)
        if "/questionnaires/" in url:
            assert b"score" not in body and b"points" not in body, url
