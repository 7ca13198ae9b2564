"""Corrective actions opened from a risk of the register, from an audit finding (its
reference) and from a survey answer whose loop was closed: the rules, the form started
from the record, and the links shown on both sides."""

import pytest
from django.core.exceptions import ValidationError

from corrective_actions.models import CorrectiveAction
from feedback.services.surveys import follow_ups as follow_up_services
from parties.services import risks as risk_services
from relmgmt.core.scoping import org_scope
from tests.feedback.test_survey_loops import CLOSING, unhappy_answer

from ..conftest import create_supplier
from .helpers import make_ca

pytestmark = pytest.mark.django_db


def create_party(org, name):
    return create_supplier(org, name=name).party


def make_risk(org, manager, party=None, likelihood=4, impact=3):
    return risk_services.risk_create(
        organization=org,
        actor=manager.user,
        party=party or create_party(org, name="Acme"),
        data={
            "kind": "risk",
            "description": "Single source for the brackets",
            "likelihood": likelihood,
            "impact": impact,
            "owner": manager.user,
        },
    )


def test_each_source_names_what_it_comes_from(org, other_org, manager, outsider):
    for source, field in (
        ("risk", "risk"),
        ("survey_answer", "survey_response"),
        ("audit_finding", "source_reference"),
    ):
        with pytest.raises(ValidationError) as refused:
            make_ca(org, manager.user, source=source)
        assert field in refused.value.message_dict
    finding = make_ca(org, manager.user, source="audit_finding", source_reference="IA-2026-03 #4")
    assert finding.source_reference == "IA-2026-03 #4"
    risk = make_risk(org, manager)
    from_risk = make_ca(org, manager.user, source="risk", risk=risk)
    assert (from_risk.risk_id, from_risk.party_id) == (risk.pk, risk.party_id)
    theirs = make_risk(other_org, outsider, party=create_party(other_org, name="Theirs"))
    with pytest.raises(ValidationError) as refused:
        make_ca(org, manager.user, source="risk", risk=theirs)
    assert "risk" in refused.value.message_dict


def test_a_risk_opens_a_corrective_action_and_both_pages_link(org, manager, client_for):
    risk = make_risk(org, manager)
    client = client_for(manager)
    risk_page = client.get(f"/o/{org.slug}/risks/{risk.pk}/edit/").content.decode()
    start = f"/o/{org.slug}/corrective-actions/new/?risk={risk.pk}"
    assert start in risk_page
    form = client.get(start)
    assert form.status_code == 200
    initial = form.context["form"].initial
    assert (initial["source"], initial["risk"], initial["severity"]) == ("risk", risk.pk, "high")
    data = {
        "source": "risk",
        "risk": risk.pk,
        "category": "process",
        "severity": "high",
        "title": "Second source for brackets",
        "problem_statement": "Single source for the brackets",
        "owner": manager.user.pk,
    }
    answer = client.post(f"/o/{org.slug}/corrective-actions/new/", data)
    assert answer.status_code == 302
    with org_scope(org):
        ca = CorrectiveAction.objects.get(risk=risk)
    assert ca.party_id == risk.party_id
    detail = client.get(f"/o/{org.slug}/corrective-actions/{ca.pk}/").content.decode()
    assert f"/o/{org.slug}/risks/{risk.pk}/edit/" in detail
    risk_page = client.get(f"/o/{org.slug}/risks/{risk.pk}/edit/").content.decode()
    assert ca.reference in risk_page
    assert client.get(f"/o/{org.slug}/corrective-actions/new/?risk=x").status_code == 404


def test_another_organisation_s_risk_does_not_start_the_form(
    org, other_org, manager, outsider, client_for
):
    theirs = make_risk(other_org, outsider, party=create_party(other_org, name="Theirs"))
    answer = client_for(manager).get(f"/o/{org.slug}/corrective-actions/new/?risk={theirs.pk}")
    assert answer.status_code == 404


def test_a_survey_answer_s_closed_loop_raises_a_corrective_action(
    org, manager, auditor, client_for, api_client_for
):
    response = unhappy_answer(org, manager)
    follow_up_services.loop_close(
        organization=org, actor=manager.user, response=response, data=CLOSING
    )
    client = client_for(manager)
    loop_page = f"/o/{org.slug}/surveys/answers/{response.pk}/loop/"
    start = f"/o/{org.slug}/corrective-actions/new/?survey_answer={response.pk}"
    assert start in client.get(loop_page).content.decode()
    initial = client.get(start).context["form"].initial
    assert initial["category"] == "delivery"
    assert CLOSING["outcome"] in initial["problem_statement"]
    api = api_client_for(manager)
    created = api.post(
        f"/api/v1/o/{org.slug}/corrective-actions/",
        {
            "source": "survey_answer",
            "survey_response": response.pk,
            "title": "Late deliveries to Acme",
            "problem_statement": initial["problem_statement"],
            "owner": manager.user.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["survey_response"], body["party"]) == (response.pk, response.party_id)
    assert body["reference"] in client.get(loop_page).content.decode()
    # A reader sees the link, not the way to open another.
    reader_page = client_for(auditor).get(loop_page).content.decode()
    assert body["reference"] in reader_page and start not in reader_page


def test_the_export_has_the_finding_and_the_updates_of_risks_and_qms(org, manager, client_for):
    make_ca(
        org,
        manager.user,
        source="audit_finding",
        source_reference="IA-2026-03 #4",
        risks_updated="Supplier risk re-rated 12 to 6",
        qms_changes="Incoming inspection procedure rev. C",
    )
    csv = client_for(manager).get(f"/o/{org.slug}/corrective-actions/export.csv")
    text = csv.content.decode()
    for value in ("IA-2026-03 #4", "Supplier risk re-rated 12 to 6", "procedure rev. C"):
        assert value in text
