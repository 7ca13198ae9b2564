"""What the API fuzzing found, each pinned by its own test: clear 400s instead of 500s, and
answers shaped as the schema says (the fuzz run itself is tests/isolation/test_api_fuzz.py)."""

from drf_spectacular.generators import SchemaGenerator

from .conftest import create_supplier


def _schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_a_scorecard_definition_without_a_period_is_a_clear_400(admin, api_client_for):
    url = f"/api/v1/o/{admin.organization.slug}/scorecard-definitions/"
    response = api_client_for(admin).post(url, {"criteria": []}, format="json")
    assert response.status_code == 400
    assert "period" in response.json()["error"]["fields"]


def test_an_id_filter_too_large_for_the_database_is_a_clear_400(admin, api_client_for):
    url = f"/api/v1/o/{admin.organization.slug}/scorecard-results/?supplier=-2.7e207"
    response = api_client_for(admin).get(url)
    assert response.status_code == 400
    assert "supplier" in response.json()["error"]["fields"]


def test_a_review_due_in_year_one_is_saved_with_its_reminder_today(admin, api_client_for, db):
    supplier = create_supplier(admin.organization)
    url = f"/api/v1/o/{admin.organization.slug}/parties/{supplier.party_id}/"
    response = api_client_for(admin).patch(url, {"next_review_due": "0001-01-02"}, format="json")
    assert response.status_code == 200


def test_a_patched_supplier_names_its_unsigned_transitions_signer_as_null(admin, api_client_for):
    supplier = create_supplier(admin.organization)
    client = api_client_for(admin)
    slug = admin.organization.slug
    response = client.patch(
        f"/api/v1/o/{slug}/suppliers/{supplier.pk}/", {"conditions": ""}, format="json"
    )
    assert response.status_code == 200
    for transition in response.json()["transitions"]:
        assert "signed_by" in transition and "signed_at" in transition


def test_the_schema_says_what_the_answers_hold(db):
    schema = _schema()
    paths, components = schema["paths"], schema["components"]["schemas"]
    asl = paths["/api/v1/o/{org_slug}/approved-suppliers/"]["get"]["responses"]["200"]
    assert asl["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Asl"}
    signature = components["PlanVersion"]["properties"]["signature"]
    assert signature.get("nullable") or any(
        item.get("nullable") for item in signature.get("allOf", [])
    )
    assert components["PortalProfileChange"]["properties"]["contact_name"]["nullable"]
    assert components["Transition"]["properties"]["signed_by"]["nullable"]
    assert "period" in components["DefinitionRequest"]["required"]


def test_every_operation_documents_its_errors(db):
    for path, item in _schema()["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            assert {"400", "401", "403", "404"} <= set(responses), (method, path)
            error = responses["404"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}
