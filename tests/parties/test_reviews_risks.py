"""Risks and opportunities: rating in queries, bad input refused whole, the register page
(filters, sorting, pagination), the forms and the API."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from parties.filters.risks import RiskFilter
from parties.models import Risk
from parties.selectors import risks as risk_selectors
from parties.services import risks
from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope

from .helpers_reviews import make_party, make_risk


def state(org):
    with org_scope(org):
        return (
            list(Risk.objects.values_list("id", "likelihood", "impact", "status", "owner_id")),
            AuditEvent.objects.count(),
        )


def filtered(org, **params):
    with org_scope(org):
        found = RiskFilter(
            {key: str(value) for key, value in params.items()},
            queryset=risk_selectors.risks(organization=org),
            request=SimpleNamespace(organization=org),
        )
        assert found.is_valid(), found.errors
        return list(found.qs)


def test_the_rating_is_computed_in_the_query_and_sorts_and_bands(org, manager):
    party = make_party(org, manager.user)
    low = make_risk(org, manager.user, party, likelihood=2, impact=2)
    high = make_risk(org, manager.user, party, likelihood=5, impact=3)
    medium = make_risk(org, manager.user, party, likelihood=3, impact=3, kind="opportunity")
    with org_scope(org):
        rows = list(risk_selectors.risks(organization=org))
    assert [(r.pk, r.risk_rating, r.risk_band) for r in rows] == [
        (high.pk, 15, "high"),
        (medium.pk, 9, "medium"),
        (low.pk, 4, "low"),
    ]
    assert [r.pk for r in filtered(org, band="medium")] == [medium.pk]
    assert [r.pk for r in filtered(org, o="rating")] == [low.pk, medium.pk, high.pk]
    assert [r.pk for r in filtered(org, likelihood=5, impact=3)] == [high.pk]


def test_the_register_filters(org, manager, admin):
    first, second = make_party(org, manager.user), make_party(org, admin.user)
    mine = make_risk(org, manager.user, first, owner=manager.user, description="Strike")
    closed = make_risk(org, manager.user, first, status="closed", description="Flood")
    chance = make_risk(org, admin.user, second, kind="opportunity", owner=admin.user)
    assert [r.pk for r in filtered(org, kind="opportunity")] == [chance.pk]
    assert [r.pk for r in filtered(org, status="closed")] == [closed.pk]
    assert [r.pk for r in filtered(org, owner=manager.user.pk)] == [mine.pk]
    assert {r.pk for r in filtered(org, party=first.pk)} == {mine.pk, closed.pk}
    assert [r.pk for r in filtered(org, q="flood")] == [closed.pk]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": 6}, "impact"),
        ({"impact": None}, "impact"),
        ({"kind": "threat"}, "kind"),
        ({"status": "maybe"}, "status"),
        ({"description": "  "}, "description"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(org, manager, change, field):
    party = make_party(org, manager.user)
    risk = make_risk(org, manager.user, party)
    before = state(org)
    with pytest.raises(ValidationError) as refused:
        make_risk(org, manager.user, party, **change)
    assert field in refused.value.message_dict
    with pytest.raises(ValidationError):
        risks.risk_update(organization=org, actor=manager.user, risk=risk, data=change)
    assert state(org) == before


def test_an_owner_who_is_not_a_member_is_refused(org, manager, outsider, make_user):
    party = make_party(org, manager.user)
    risk = make_risk(org, manager.user, party)
    before = state(org)
    for stranger in (outsider.user, make_user()):
        with pytest.raises(ValidationError) as refused:
            make_risk(org, manager.user, party, owner=stranger)
        assert "owner" in refused.value.message_dict
        with pytest.raises(ValidationError):
            risks.risk_update(
                organization=org, actor=manager.user, risk=risk, data={"owner": stranger}
            )
    assert state(org) == before


def test_records_of_another_organisation_are_refused(org, other_org, manager, outsider):
    theirs = make_party(other_org, outsider.user)
    their_risk = make_risk(other_org, outsider.user, theirs)
    before = state(other_org)
    with pytest.raises(ValidationError):
        make_risk(org, manager.user, theirs)
    with pytest.raises(ValidationError):
        risks.risk_update(
            organization=org, actor=manager.user, risk=their_risk, data={"status": "closed"}
        )
    assert state(other_org) == before


def test_changing_a_risk_keeps_the_reason(org, manager):
    risk = make_risk(org, manager.user, make_party(org, manager.user))
    risks.risk_update(
        organization=org,
        actor=manager.user,
        risk=risk,
        data={"likelihood": 1, "status": "closed", "treatment": "Second source qualified"},
        reason="treated",
    )
    with org_scope(org):
        risk.refresh_from_db()
        event = AuditEvent.objects.filter(model_label="parties.risk").order_by("-seq").first()
    assert (risk.likelihood, risk.status, risk.rating) == (1, "closed", 4)
    assert event.reason == "treated" and "status" in event.changes


# --- Pages --------------------------------------------------------------------------------


def test_adding_and_changing_a_risk_through_the_pages(org, manager, client_for):
    party = make_party(org, manager.user)
    client = client_for(manager)
    form = client.get(f"/o/{org.slug}/parties/{party.pk}/risks/new/?kind=opportunity")
    assert b'value="opportunity" selected' in form.content
    data = {
        "kind": "risk",
        "description": "Port strike",
        "likelihood": "2",
        "impact": "5",
        "treatment": "Second port",
        "owner": manager.user.pk,
        "review_on": "",
        "status": "open",
    }
    response = client.post(f"/o/{org.slug}/parties/{party.pk}/risks/new/", data)
    assert response.status_code == 302
    with org_scope(org):
        risk = Risk.objects.get(description="Port strike")
    assert risk.rating == 10 and risk.party_id == party.pk
    response = client.post(
        f"/o/{org.slug}/risks/{risk.pk}/edit/", {**data, "status": "closed", "reason": "done"}
    )
    assert response.status_code == 302
    with org_scope(org):
        risk.refresh_from_db()
    assert risk.status == "closed"


@pytest.mark.parametrize("change", [{"likelihood": "6"}, {"impact": "0"}, {"owner": "outsider"}])
def test_the_form_shows_bad_input_and_saves_nothing(org, manager, outsider, client_for, change):
    party = make_party(org, manager.user)
    client = client_for(manager)
    before = state(org)
    data = {"kind": "risk", "description": "x", "likelihood": "2", "impact": "2", "status": "open"}
    data.update({k: outsider.user.pk if v == "outsider" else v for k, v in change.items()})
    response = client.post(f"/o/{org.slug}/parties/{party.pk}/risks/new/", data)
    assert response.status_code == 200 and b"Select a valid choice" in response.content
    assert state(org) == before


def test_the_register_page_sorts_paginates_and_keeps_queries_constant(
    org, manager, client_for, assert_few_queries
):
    party = make_party(org, manager.user)
    make_risk(org, manager.user, party, likelihood=5, impact=5, description="Worst case")
    make_risk(org, manager.user, party, likelihood=1, impact=1, description="Trifle")
    client = client_for(manager)
    base = f"/o/{org.slug}/parties/risks/"
    page = client.get(base).content.decode()
    assert page.index("Worst case") < page.index("Trifle")
    page = client.get(f"{base}?o=rating").content.decode()
    assert page.index("Trifle") < page.index("Worst case")
    page = client.get(f"{base}?band=high").content.decode()
    assert "Worst case" in page and "Trifle" not in page

    def grow():
        for n in range(30):
            other = make_party(org, manager.user)
            make_risk(org, manager.user, other, owner=manager.user, likelihood=1 + n % 5)

    assert_few_queries(client, f"{base}?o=-rating", grow=grow)
    second = client.get(f"{base}?page=2").content.decode()
    assert "Page 2 of 2" in second


# --- API ----------------------------------------------------------------------------------


def test_risks_through_the_api(org, manager, api_client_for):
    party = make_party(org, manager.user)
    api = api_client_for(manager)
    url = f"/api/v1/o/{org.slug}/risks/"
    created = api.post(
        url,
        {"party": party.pk, "description": "Strike", "likelihood": 4, "impact": 4},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["rating"], body["band"], body["kind"], body["status"]) == (
        16,
        "high",
        "risk",
        "open",
    )
    api.post(
        url,
        {
            "party": party.pk,
            "description": "Idea",
            "likelihood": 1,
            "impact": 2,
            "kind": "opportunity",
        },
        format="json",
    )
    listed = api.get(f"{url}?o=-rating").json()["results"]
    assert [row["rating"] for row in listed] == [16, 2]
    assert [row["description"] for row in api.get(f"{url}?band=low").json()["results"]] == ["Idea"]
    assert api.get(f"{url}?likelihood=4&impact=4").json()["count"] == 1

    patched = api.patch(
        f"{url}{body['id']}/", {"status": "closed", "impact": 1, "reason": "done"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["rating"] == 4
    assert patched.json()["party"] == party.pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"likelihood": 6}, "likelihood"),
        ({"impact": 0}, "impact"),
        ({"owner": "outsider"}, "owner"),
        ({"party": "theirs"}, "party"),
    ],
)
def test_the_api_refuses_bad_risks_naming_the_field(
    org, other_org, manager, outsider, api_client_for, change, field
):
    party = make_party(org, manager.user)
    theirs = make_party(other_org, outsider.user)
    api = api_client_for(manager)
    before = state(org)
    values = {"outsider": outsider.user.pk, "theirs": theirs.pk}
    data = {"party": party.pk, "description": "x", "likelihood": 2, "impact": 2}
    data.update({key: values.get(value, value) for key, value in change.items()})
    response = api.post(f"/api/v1/o/{org.slug}/risks/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert state(org) == before
