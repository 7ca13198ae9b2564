"""The organisation's evaluation criteria, read-only next to the scorecard definition, for
auditors too; the re-evaluation pages link to them."""

from suppliers.services.scorecards import definitions

from .test_approval_certificates import configure


def test_an_auditor_reads_the_evaluation_criteria(org, admin, manager, auditor, client_for):
    configure(
        org,
        admin,
        required_certificate_types=["iso_9001"],
        approval_without_certificate="refuse",
        supplier_schedule={
            "reevaluation_months_critical": 6,
            "reevaluation_months_major": 18,
            "reevaluation_months_minor": 30,
            "reevaluation_remind_days": 21,
            "agreement_first_warning_days": 60,
            "agreement_last_warning_days": 30,
        },
    )
    client = client_for(auditor)
    url = f"/o/{org.slug}/suppliers/scorecards/criteria/"
    empty = client.get(url)
    assert empty.status_code == 200 and "No scorecard is defined yet" in empty.text
    definitions.definition_create_default(organization=org, actor=manager.user)
    page = " ".join(client.get(url).text.split())
    assert "Re-evaluate critical suppliers every (months)</dt><dd>6</dd>" in page
    assert "Remind the owner of a re-evaluation (days before it is due)</dt><dd>21</dd>" in page
    assert "ISO 9001" in page and "Refused until the certificate is valid" in page
    assert "Version 1, in force since" in page and "On time in full" in page
    assert (
        "Read-only: an admin changes them." in page
        and "/settings/" not in page.split("<main", 1)[1]
    )
    assert "Change them in the" in client_for(admin).get(url).text
    for linking in ("suppliers/scorecards/definition/", "suppliers/reevaluations/"):
        assert url in client.get(f"/o/{org.slug}/{linking}").text
