"""Relationship plans (ISO 44001): versions, sections, approval with a signature, PDF, API."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from parties.models import PlanSection, PlanVersion, RelationshipPlan
from parties.services import plans as services
from parties.services import register
from relmgmt import policy
from relmgmt.audit.models import AuditEvent, Signature
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from tests.conftest import PASSWORD


def make_party(org, member, name="Volta Motors", tier="strategic"):
    return register.party_create(
        organization=org,
        actor=member.user,
        data={"name": name, "types": ["customer"], "tier": tier, "owner": member.user},
    )


def make_plan(org, member, **party_fields):
    party = make_party(org, member, **party_fields)
    return services.plan_create(organization=org, actor=member.user, party=party)


def versions_of(org, plan):
    with org_scope(org):
        return list(PlanVersion.objects.filter(plan=plan).order_by("number"))


def sections_of(org, version):
    with org_scope(org):
        return list(PlanSection.objects.filter(version=version).order_by("id"))


def complete_all(org, member, version):
    for section in sections_of(org, version):
        services.section_update(
            organization=org,
            actor=member.user,
            section=section,
            data={
                "content": f"{section.get_key_display()}: agreed.",
                "owner": member.user,
                "status": PlanSection.Status.COMPLETE,
            },
        )


def approve(org, member, version, password=PASSWORD, meaning=""):
    return services.version_approve(
        organization=org, actor=member.user, version=version, password=password, meaning=meaning
    )


def states(org, version):
    with org_scope(org):
        version = (
            PlanVersion.objects.select_related("signature")
            .prefetch_related("sections")
            .get(pk=version.pk)
        )
        return services.signature_states(organization=org, versions=[version]).get(version.pk)


def counts(org):
    with org_scope(org):
        return (
            AuditEvent.objects.count(),
            Signature.objects.count(),
            list(PlanVersion.objects.values_list("number", "status", "signature_id")),
        )


# --- the permission -------------------------------------------------------------------


def test_plans_approve_is_held_by_admins_and_managers_only():
    assert policy.PERMISSIONS["plans.approve"] == {Role.ADMIN, Role.MANAGER}
    assert policy.PERMISSIONS["records.change"] == {Role.ADMIN, Role.MANAGER}
    assert policy.PERMISSIONS["records.view"] == {Role.ADMIN, Role.MANAGER, Role.AUDITOR}


# --- creating a plan ------------------------------------------------------------------


def test_a_plan_starts_as_version_one_draft_with_the_ten_sections(org, manager):
    plan = make_plan(org, manager)
    assert plan.title == "Relationship plan: Volta Motors"
    [version] = versions_of(org, plan)
    assert (version.number, version.status) == (1, PlanVersion.Status.DRAFT)
    sections = sections_of(org, version)
    assert [s.key for s in sections] == PlanSection.Key.values
    assert len(sections) == 10
    assert all(s.status == PlanSection.Status.NOT_STARTED and s.owner is None for s in sections)


def test_a_plan_is_only_for_a_strategic_party(org, manager):
    party = make_party(org, manager, name="Contoso Fasteners", tier="managed")
    with pytest.raises(ValidationError) as error:
        services.plan_create(organization=org, actor=manager.user, party=party)
    message = error.value.message_dict["party"][0]
    assert "strategic parties only" in message and "Contoso Fasteners is managed" in message
    with org_scope(org):
        assert not RelationshipPlan.objects.exists()


def test_a_party_has_one_plan(org, manager):
    plan = make_plan(org, manager)
    with pytest.raises(ValidationError, match="already has a relationship plan"):
        services.plan_create(organization=org, actor=manager.user, party=plan.party)


def test_a_plan_cannot_be_made_for_another_organisations_party(org, other_org, manager, outsider):
    theirs = make_party(other_org, outsider)
    with pytest.raises(ValidationError) as error:
        services.plan_create(organization=org, actor=manager.user, party=theirs)
    assert "party" in error.value.message_dict


# --- sections -------------------------------------------------------------------------


def test_a_draft_section_gets_content_owner_and_status(org, manager, admin):
    plan = make_plan(org, manager)
    section = sections_of(org, versions_of(org, plan)[0])[1]
    services.section_update(
        organization=org,
        actor=manager.user,
        section=section,
        data={
            "content": "  Grow EV share to 40 %.  ",
            "owner": admin.user,
            "status": "in_progress",
        },
        reason="kick-off",
    )
    with org_scope(org):
        section.refresh_from_db()
        event = AuditEvent.objects.filter(model_label="parties.plansection").order_by("-seq")[0]
    assert (section.content, section.owner, section.status) == (
        "Grow EV share to 40 %.",
        admin.user,
        "in_progress",
    )
    assert event.reason == "kick-off"


def test_a_complete_section_needs_content_and_an_owner(org, manager):
    plan = make_plan(org, manager)
    section = sections_of(org, versions_of(org, plan)[0])[0]
    with pytest.raises(ValidationError) as error:
        services.section_update(
            organization=org, actor=manager.user, section=section, data={"status": "complete"}
        )
    assert "content" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.section_update(
            organization=org,
            actor=manager.user,
            section=section,
            data={"status": "complete", "content": "Who is who."},
        )
    assert "owner" in error.value.message_dict


def test_a_section_owner_must_be_a_member(org, manager, outsider):
    plan = make_plan(org, manager)
    section = sections_of(org, versions_of(org, plan)[0])[0]
    with pytest.raises(ValidationError) as error:
        services.section_update(
            organization=org, actor=manager.user, section=section, data={"owner": outsider.user}
        )
    assert "is not a member" in error.value.message_dict["owner"][0]


def test_only_a_draft_is_changed(org, manager):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    approve(org, manager, version)
    section = sections_of(org, version)[0]
    before = counts(org)
    with pytest.raises(ValidationError, match="only a draft is changed"):
        services.section_update(
            organization=org, actor=manager.user, section=section, data={"content": "Changed"}
        )
    assert counts(org) == before


# --- approval -------------------------------------------------------------------------


def test_approval_signs_the_version(org, manager):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    approved = approve(org, manager, version)
    with org_scope(org):
        approved.refresh_from_db()
        signature = Signature.objects.get()
    assert approved.status == PlanVersion.Status.APPROVED
    assert approved.approved_by == manager.user and approved.approved_at is not None
    assert approved.signature == signature
    assert signature.signer == manager.user
    assert signature.meaning == "Approved relationship plan v1"
    assert (signature.model_label, signature.object_id) == ("parties.planversion", str(version.pk))
    assert states(org, version) is True


def test_approval_takes_the_meaning_given(org, admin):
    plan = make_plan(org, admin)
    version = versions_of(org, plan)[0]
    complete_all(org, admin, version)
    approve(org, admin, version, meaning="Approved for the 2025 business review")
    with org_scope(org):
        assert Signature.objects.get().meaning == "Approved for the 2025 business review"


def test_approval_is_refused_while_sections_are_not_complete(org, manager):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    exit_section = sections_of(org, version)[-1]
    services.section_update(
        organization=org, actor=manager.user, section=exit_section, data={"status": "in_progress"}
    )
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        approve(org, manager, version)
    assert "Every section must be complete" in error.value.messages[0]
    assert "Exit arrangements" in error.value.messages[0]
    assert counts(org) == before


def test_approval_with_a_wrong_password_changes_nothing(org, manager):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    before = counts(org)
    with pytest.raises(ValidationError) as error:
        approve(org, manager, version, password="not-my-password")
    assert "password" in error.value.message_dict
    assert counts(org) == before


def test_an_auditor_may_not_approve(org, manager, auditor):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    before = counts(org)
    with pytest.raises(PermissionDenied):
        approve(org, auditor, version)
    assert counts(org) == before


def test_a_member_of_another_organisation_may_not_approve(org, manager, outsider):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    with pytest.raises(PermissionDenied):
        approve(org, outsider, version)


def test_an_approved_version_is_not_approved_again(org, manager):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    approve(org, manager, version)
    with pytest.raises(ValidationError, match="only a draft is approved"):
        approve(org, manager, version)


# --- versions -------------------------------------------------------------------------


def test_a_new_version_copies_the_approved_sections(org, manager, admin):
    plan = make_plan(org, manager)
    v1 = versions_of(org, plan)[0]
    complete_all(org, manager, v1)
    approve(org, manager, v1)
    v2 = services.version_start(organization=org, actor=admin.user, plan=plan)
    assert (v2.number, v2.status) == (2, PlanVersion.Status.DRAFT)
    copied = [(s.key, s.content, s.owner_id, s.status) for s in sections_of(org, v2)]
    original = [(s.key, s.content, s.owner_id, s.status) for s in sections_of(org, v1)]
    assert copied == original
    assert {s.pk for s in sections_of(org, v2)}.isdisjoint({s.pk for s in sections_of(org, v1)})


def test_a_new_version_waits_for_the_draft(org, manager):
    plan = make_plan(org, manager)
    with pytest.raises(ValidationError, match="Version 1 is still a draft"):
        services.version_start(organization=org, actor=manager.user, plan=plan)


def test_approving_a_new_version_supersedes_the_previous_one(org, manager, admin):
    plan = make_plan(org, manager)
    v1 = versions_of(org, plan)[0]
    complete_all(org, manager, v1)
    approve(org, manager, v1)
    v2 = services.version_start(organization=org, actor=manager.user, plan=plan)
    section = sections_of(org, v2)[3]
    services.section_update(
        organization=org, actor=manager.user, section=section, data={"content": "New risks."}
    )
    approve(org, admin, v2)
    v1, v2 = versions_of(org, plan)
    assert (v1.status, v2.status) == (PlanVersion.Status.SUPERSEDED, PlanVersion.Status.APPROVED)
    with org_scope(org):
        assert Signature.objects.get(pk=v2.signature_id).meaning == "Approved relationship plan v2"
    # The superseded version is still exactly what was signed.
    assert states(org, v1) is True and states(org, v2) is True
    v3 = services.version_start(organization=org, actor=manager.user, plan=plan)
    assert v3.number == 3


def test_the_signature_is_no_longer_current_when_a_signed_section_changes(org, manager):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    approve(org, manager, version)
    with org_scope(org):
        PlanSection.objects.filter(version=version, key="exit").update(content="Walk away.")
    assert states(org, version) is False


def test_the_signature_is_no_longer_current_when_the_approval_is_altered(org, manager, admin):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    approve(org, manager, version)
    with org_scope(org):
        PlanVersion.objects.filter(pk=version.pk).update(approved_by=admin.user)
    assert states(org, version) is False


def test_an_unsigned_draft_has_no_signature_state(org, manager):
    plan = make_plan(org, manager)
    assert states(org, versions_of(org, plan)[0]) is None


# --- pages ----------------------------------------------------------------------------


def test_the_party_page_offers_a_plan_to_a_strategic_party(org, manager, client_for):
    party = make_party(org, manager)
    page = client_for(manager).get(f"/o/{org.slug}/parties/{party.pk}/sections/plan/")
    assert b"Start the relationship plan" in page.content
    managed = make_party(org, manager, name="Contoso", tier="managed")
    page = client_for(manager).get(f"/o/{org.slug}/parties/{managed.pk}/sections/plan/")
    assert b"Relationship plans are kept for strategic parties" in page.content


def test_starting_a_plan_through_the_page(org, manager, client_for):
    party = make_party(org, manager)
    client = client_for(manager)
    response = client.post(f"/o/{org.slug}/parties/{party.pk}/plan/new/", {"title": "Volta 2030"})
    with org_scope(org):
        plan = RelationshipPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/o/{org.slug}/plans/{plan.pk}/"
    assert plan.title == "Volta 2030"
    page = client.get(response["Location"])
    assert b"0 of 10 sections complete" in page.content
    assert b"Exit arrangements" in page.content


def test_the_plan_page_refuses_a_managed_party_with_a_clear_message(org, manager, client_for):
    party = make_party(org, manager, tier="managed")
    client = client_for(manager)
    assert (
        b"strategic parties only"
        in client.get(f"/o/{org.slug}/parties/{party.pk}/plan/new/").content
    )
    response = client.post(f"/o/{org.slug}/parties/{party.pk}/plan/new/", {"title": ""})
    assert response.status_code == 200
    assert b"Change its tier to strategic first" in response.content
    with org_scope(org):
        assert not RelationshipPlan.objects.exists()


def test_a_section_is_edited_on_its_page(org, manager, client_for):
    plan = make_plan(org, manager)
    section = sections_of(org, versions_of(org, plan)[0])[0]
    client = client_for(manager)
    url = f"/o/{org.slug}/plan-sections/{section.pk}/edit/"
    response = client.post(url, {"content": "", "owner": "", "status": "complete"})
    assert response.status_code == 200
    assert b"Write the section before marking it complete" in response.content
    response = client.post(
        url, {"content": "Account lead: M.", "owner": manager.user.pk, "status": "complete"}
    )
    assert response.status_code == 302
    with org_scope(org):
        section.refresh_from_db()
    assert section.status == "complete"


def test_approval_through_the_page(org, manager, client_for):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    client = client_for(manager)
    url = f"/o/{org.slug}/plan-versions/{version.pk}/approve/"
    page = client.get(url)
    assert b"Not every section is complete yet" in page.content
    response = client.post(url, {"meaning": "Approved", "password": PASSWORD})
    assert b"Every section must be complete" in response.content
    complete_all(org, manager, version)
    response = client.post(url, {"meaning": "Approved v1", "password": "wrong"})
    assert response.status_code == 200 and b"The password is not right" in response.content
    response = client.post(url, {"meaning": "Approved v1", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"valid: unchanged since signed" in page.content
    assert b"Start a new version" in page.content


def test_an_auditor_is_refused_approval_in_the_page(org, manager, auditor, client_for):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    before = counts(org)
    client = client_for(auditor)
    url = f"/o/{org.slug}/plan-versions/{version.pk}/approve/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"meaning": "x", "password": PASSWORD}).status_code == 403
    assert counts(org) == before
    page = client.get(f"/o/{org.slug}/plans/{plan.pk}/")
    assert page.status_code == 200 and b"Approve and sign" not in page.content


def test_the_plan_page_shows_an_older_version(org, manager, client_for):
    plan = make_plan(org, manager)
    v1 = versions_of(org, plan)[0]
    complete_all(org, manager, v1)
    approve(org, manager, v1)
    services.version_start(organization=org, actor=manager.user, plan=plan)
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/plans/{plan.pk}/")
    assert b"version 2" in page.content
    page = client.get(f"/o/{org.slug}/plans/{plan.pk}/?version=1")
    assert b"version 1" in page.content and b"Superseded" not in page.content
    assert client.get(f"/o/{org.slug}/plans/{plan.pk}/?version=9").status_code == 404


def test_the_plan_page_makes_a_constant_number_of_queries(
    org, manager, client_for, assert_constant_queries
):
    plan = make_plan(org, manager)

    def grow():
        for _ in range(2):
            version = [v for v in versions_of(org, plan) if v.status == "draft"][0]
            complete_all(org, manager, version)
            approve(org, manager, version)
            services.version_start(organization=org, actor=manager.user, plan=plan)

    assert_constant_queries(client_for(manager), f"/o/{org.slug}/plans/{plan.pk}/", grow=grow)


def test_the_party_page_makes_a_constant_number_of_queries_with_a_plan(
    org, manager, client_for, assert_constant_queries
):
    plan = make_plan(org, manager)

    def grow():
        version = versions_of(org, plan)[0]
        complete_all(org, manager, version)
        approve(org, manager, version)
        services.version_start(organization=org, actor=manager.user, plan=plan)

    url = f"/o/{org.slug}/parties/{plan.party_id}/"
    assert_constant_queries(client_for(manager), url, grow=grow)


# --- PDF ------------------------------------------------------------------------------


def test_the_pdf_is_a_clean_document_of_the_version(org, manager, auditor, client_for):
    plan = make_plan(org, manager, name="Škoda Łódź – “Volta”")
    version = versions_of(org, plan)[0]
    complete_all(org, manager, version)
    approve(org, manager, version)
    response = client_for(auditor).get(f"/o/{org.slug}/plan-versions/{version.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 0
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Škoda Łódź" in text
    assert "Approved relationship plan v1" in text
    assert "valid" in text and manager.user.email in text
    for label in PlanSection.Key.labels:
        assert label.split(" (")[0] in text


def test_the_pdf_of_a_draft_says_it_is_not_approved(org, manager, client_for):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    response = client_for(manager).get(f"/o/{org.slug}/plan-versions/{version.pk}/pdf/")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Not approved: this version is a draft." in text
    assert "Nothing written yet." in text
    assert "DRAFT: version 1 is not the approved plan" in text
    assert "not approved" in PdfReader(io.BytesIO(response.content)).metadata.title


def test_the_plan_page_offers_the_approved_version_first_and_labels_the_draft(
    org, manager, auditor, client_for
):
    plan = make_plan(org, manager)
    first = versions_of(org, plan)[0]
    complete_all(org, manager, first)
    approve(org, manager, first)
    services.version_start(organization=org, actor=manager.user, plan=plan)
    draft = versions_of(org, plan)[-1]
    assert draft.status == "draft"
    page = client_for(auditor).get(f"/o/{org.slug}/plans/{plan.pk}/").text
    approved_link = f"/o/{org.slug}/plan-versions/{first.pk}/pdf/"
    draft_link = f"/o/{org.slug}/plan-versions/{draft.pk}/pdf/"
    assert page.index(approved_link) < page.index(draft_link)
    assert "Download the approved plan (v1) as PDF" in page
    assert "Draft v2 as PDF (marked draft, not approved)" in page
    approved_pdf = client_for(auditor).get(approved_link).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(approved_pdf)).pages)
    assert "DRAFT" not in text and "not the approved plan" not in text
    draft_pdf = client_for(auditor).get(draft_link).content
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(draft_pdf)).pages)
    assert "DRAFT: version 2 is not the approved plan" in text


def test_the_pdf_is_for_staff_only(org, manager, supplier_member, client_for):
    plan = make_plan(org, manager)
    version = versions_of(org, plan)[0]
    response = client_for(supplier_member).get(f"/o/{org.slug}/plan-versions/{version.pk}/pdf/")
    assert response.status_code == 403


# --- API ------------------------------------------------------------------------------


def api(org, path=""):
    return f"/api/v1/o/{org.slug}/{path}"


def test_the_api_creates_a_plan_and_refuses_a_managed_party(org, manager, api_client_for):
    client = api_client_for(manager)
    party = make_party(org, manager)
    managed = make_party(org, manager, name="Contoso", tier="managed")
    response = client.post(api(org, "plans/"), {"party": managed.pk}, format="json")
    assert response.status_code == 400
    assert "strategic" in response.json()["error"]["fields"]["party"][0]
    response = client.post(api(org, "plans/"), {"party": party.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    [version] = body["versions"]
    assert (version["number"], version["status"], len(version["sections"])) == (1, "draft", 10)
    assert version["signature_is_current"] is None


def test_the_api_refuses_another_organisations_party(
    org, other_org, manager, outsider, api_client_for
):
    theirs = make_party(other_org, outsider)
    response = api_client_for(manager).post(api(org, "plans/"), {"party": theirs.pk}, format="json")
    assert response.status_code == 400
    assert "party" in response.json()["error"]["fields"]


def test_the_api_round_trip_of_sections_approval_and_versions(
    org, manager, auditor, api_client_for
):
    client = api_client_for(manager)
    plan = make_plan(org, manager)
    body = client.get(api(org, f"plans/{plan.pk}/")).json()
    sections = body["versions"][0]["sections"]
    for section in sections:
        response = client.patch(
            api(org, f"plan-sections/{section['id']}/"),
            {"content": f"{section['label']}.", "owner": manager.user.pk, "status": "complete"},
            format="json",
        )
        assert response.status_code == 200, response.json()
    bad = client.patch(
        api(org, f"plan-sections/{sections[0]['id']}/"), {"status": "bogus"}, format="json"
    )
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]

    approve_url = api(org, f"plans/{plan.pk}/approve/")
    auditor_client = api_client_for(auditor)
    before = counts(org)
    refused = auditor_client.post(approve_url, {"password": PASSWORD}, format="json")
    assert refused.status_code == 403
    wrong = client.post(approve_url, {"password": "wrong", "meaning": "OK"}, format="json")
    assert wrong.status_code == 400 and "password" in wrong.json()["error"]["fields"]
    missing = client.post(approve_url, {}, format="json")
    assert missing.status_code == 400 and "password" in missing.json()["error"]["fields"]
    assert counts(org) == before

    response = client.post(approve_url, {"password": PASSWORD, "meaning": "Agreed"}, format="json")
    assert response.status_code == 200, response.json()
    version = response.json()["versions"][0]
    assert version["status"] == "approved" and version["approved_by"] == manager.user.pk
    assert version["signature"]["meaning"] == "Agreed"
    assert version["signature_is_current"] is True

    again = client.post(approve_url, {"password": PASSWORD}, format="json")
    assert again.status_code == 400
    locked = client.patch(
        api(org, f"plan-sections/{sections[0]['id']}/"), {"content": "x"}, format="json"
    )
    assert locked.status_code == 400

    response = client.post(api(org, f"plans/{plan.pk}/new-version/"), format="json")
    assert response.status_code == 200
    assert [v["number"] for v in response.json()["versions"]] == [2, 1]
    assert response.json()["versions"][0]["status"] == "draft"
    listed = client.get(api(org, "plans/"), {"party": plan.party_id}).json()
    assert listed["count"] == 1 and listed["results"][0]["versions"][1]["signature_is_current"]
    assert client.get(api(org, "plans/"), {"party": 0}).json()["count"] == 0
    sections_v2 = client.get(api(org, "plan-sections/"), {"version": version["id"]}).json()
    assert sections_v2["count"] == 10


def test_the_api_refuses_the_auditor_a_new_version(org, manager, auditor, api_client_for):
    plan = make_plan(org, manager)
    response = api_client_for(auditor).post(api(org, f"plans/{plan.pk}/new-version/"))
    assert response.status_code == 403


def test_the_api_plan_list_makes_a_constant_number_of_queries(org, manager, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client_for(manager)
    first = make_plan(org, manager)
    complete_all(org, manager, versions_of(org, first)[0])
    approve(org, manager, versions_of(org, first)[0])
    client.get(api(org, "plans/"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(api(org, "plans/")).status_code == 200
    for index in range(3):
        plan = make_plan(org, manager, name=f"Partner {index}")
        complete_all(org, manager, versions_of(org, plan)[0])
        approve(org, manager, versions_of(org, plan)[0])
        services.version_start(organization=org, actor=manager.user, plan=plan)
    with CaptureQueriesContext(connection) as many:
        response = client.get(api(org, "plans/"))
    assert response.json()["count"] == 4
    assert len(many) == len(few)
