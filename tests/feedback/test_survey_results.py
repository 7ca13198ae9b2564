"""Survey results per segment of the register (party type, tier, owner) beside per
campaign and per period, and the answers exported as CSV and XLSX."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from feedback.selectors import surveys as selectors
from feedback.services.surveys import responses as response_services
from relmgmt.core.scoping import org_scope
from tests.feedback.survey_helpers import answers_for, links_in_outbox, make_party, send_campaign

pytestmark = pytest.mark.django_db


def url(org, name, **kwargs):
    return reverse(f"feedback:{name}", kwargs={"org_slug": org.slug, **kwargs})


def answered_campaign(org, manager, other_owner=None):
    """Three parties: a strategic customer (NPS 10, CSAT 5), a managed customer and partner
    (NPS 3, CSAT 2, effort 6) owned by ``other_owner``, a transactional supplier (NPS 8)."""
    people = [
        ("Alpha", {"tier": "strategic", "owner": manager.user}, {"nps": 10, "csat": 5}),
        (
            "Beta",
            {"tier": "managed", "types": ["customer", "partner"], "owner": other_owner},
            {"nps": 3, "csat": 2, "effort": 6},
        ),
        ("Gamma", {"tier": "transactional", "types": ["supplier"]}, {"nps": 8, "csat": 4}),
    ]
    contacts = [(make_party(org, name, **fields)[1], given) for name, fields, given in people]
    campaign = send_campaign(org, manager.user)
    links = links_in_outbox(org)
    for contact, given in contacts:
        response_services.response_submit(
            organization=org,
            value=links[contact.email],
            answers=answers_for(campaign.template, **given),
        )
    return campaign


def by_label(rows):
    return {row.label: row for row in rows}


def test_results_per_party_type_count_a_party_in_each_of_its_types(org, manager):
    campaign = answered_campaign(org, manager)
    with org_scope(org):
        rows = by_label(
            selectors.results_by_segment(organization=org, segment="type", campaign=campaign)
        )
    assert list(rows) == ["Customer", "Partner", "Supplier"]
    customer = rows["Customer"]
    assert (customer.parties, customer.responses) == (2, 2)
    assert (customer.nps.promoters, customer.nps.detractors, customer.nps.score) == (1, 1, 0.0)
    assert (customer.csat, customer.csat_total, customer.effort) == (50.0, 2, 6.0)
    assert (rows["Partner"].nps.score, rows["Partner"].csat) == (-100.0, 0.0)
    assert (rows["Supplier"].nps.passives, rows["Supplier"].csat) == (1, 100.0)
    assert rows["Supplier"].effort is None


def test_results_per_tier_and_owner_over_a_period(org, manager, admin):
    answered_campaign(org, manager, other_owner=admin.user)
    with org_scope(org):
        tiers = by_label(selectors.results_by_segment(organization=org, segment="tier"))
        owners = by_label(selectors.results_by_segment(organization=org, segment="owner"))
        whole = selectors.results(organization=org)
    assert {label: row.nps.score for label, row in tiers.items()} == {
        "Managed": -100.0,
        "Strategic": 100.0,
        "Transactional": 0.0,
    }
    assert owners["No owner"].responses == 1
    assert owners[manager.user.display_name].nps.score == 100.0
    assert owners[admin.user.display_name].csat == 0.0
    # The segments add up to the whole when each party is in one segment.
    assert sum(row.nps.total for row in tiers.values()) == whole.nps.total


def test_an_unknown_segment_is_refused(org):
    with pytest.raises(ValueError, match="Unknown segment"):
        selectors.results_by_segment(organization=org, segment="colour")


def test_the_results_pages_show_the_segments(org, manager, client_for):
    campaign = answered_campaign(org, manager)
    client = client_for(manager)
    page = client.get(url(org, "survey_campaign_results", pk=campaign.pk), {"segment": "tier"})
    text = page.content.decode()
    assert page.status_code == 200 and "Per tier" in text and "Transactional" in text
    overview = client.get(url(org, "survey_results"), {"segment": "owner"}).content.decode()
    assert "Per owner" in overview and "No owner" in overview
    # An unknown segment falls back to party types rather than failing.
    fallback = client.get(url(org, "survey_results"), {"segment": "colour"})
    assert fallback.status_code == 200 and "Per party type" in fallback.content.decode()


def test_the_answers_export_as_csv_and_xlsx_for_a_campaign(org, manager, auditor, client_for):
    campaign = answered_campaign(org, manager)
    other = send_campaign(org, manager.user, name="Other run", template=campaign.template)
    response_services.response_submit(
        organization=org,
        value=links_in_outbox(org)["alpha@customer.test"],
        answers=answers_for(campaign.template, nps=0, csat=1),
    )
    client = client_for(auditor)
    response = client.get(url(org, "survey_results_export", fmt="csv"), {"campaign": campaign.pk})
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["Campaign"] for row in rows} == {campaign.name} != {other.name}
    nps = {row["Party"]: row["Score"] for row in rows if row["Kind"].startswith("Net Promoter")}
    assert nps == {"Alpha": "10", "Beta": "3", "Gamma": "8"}
    assert "Contact of Alpha" not in response.content.decode("utf-8-sig")
    xlsx = client.get(url(org, "survey_results_export", fmt="xlsx"), {"campaign": campaign.pk})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == len(rows) + 1 and sheet.cell(1, 1).value == "Response"
    assert client.get(url(org, "survey_results_export", fmt="pdf")).status_code == 404


def test_the_results_pages_make_as_many_queries_with_more_answers(
    org, manager, client_for, assert_few_queries
):
    campaign = answered_campaign(org, manager)
    client = client_for(manager)

    made = iter(range(100))

    def grow():
        for _ in range(3):
            name = f"Party {next(made)}"
            make_party(org, name, tier="strategic", types=["partner", "investor"])
        send_campaign(org, manager.user, name=f"Later run {next(made)}", template=campaign.template)

    assert_few_queries(client, url(org, "survey_results") + "?segment=type", grow=grow)
    assert_few_queries(
        client, url(org, "survey_campaign_results", pk=campaign.pk) + "?segment=tier", grow=grow
    )


def test_the_trend_puts_an_answer_in_the_quarter_of_the_organisations_day(org, manager):
    """2025-03-31 12:30 UTC is already 1 April in Auckland: the second quarter there."""
    from datetime import UTC, date, datetime
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    contacts = [make_party(org, name)[1] for name in ("Early", "Late")]
    campaign = send_campaign(org, manager.user)
    links = links_in_outbox(org)
    for contact, (moment, nps) in zip(
        contacts,
        [
            (datetime(2025, 3, 31, 10, 0, tzinfo=UTC), 10),
            (datetime(2025, 3, 31, 12, 30, tzinfo=UTC), 0),
        ],
        strict=True,
    ):
        response_services.response_submit(
            organization=org,
            value=links[contact.email],
            answers=answers_for(campaign.template, nps=nps, csat=5),
            now=moment,
        )
    with org_scope(org), timezone.override(ZoneInfo("Pacific/Auckland")):
        points = selectors.trend(organization=org, start=date(2025, 1, 1), end=date(2025, 6, 30))
        first_day = selectors.results(
            organization=org, start=date(2025, 4, 1), end=date(2025, 4, 1)
        )
    assert [(p.label, p.nps.promoters, p.nps.detractors) for p in points] == [
        ("2025 Q1", 1, 0),
        ("2025 Q2", 0, 1),
    ]
    assert (first_day.nps.total, first_day.nps.detractors) == (1, 1)
