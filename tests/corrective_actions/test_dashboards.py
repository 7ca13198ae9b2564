"""What corrective actions give the quality management system: the management review's
section 9.3.2 c) 4) generated for the period and frozen when the review is held (in its
page and its PDF), and the evidence for clauses 8.7 and 10.2. The KPI tiles are tested
beside the others in tests/qms/test_home.py."""

import io
from datetime import UTC, date, datetime, timedelta

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from qms.selectors import reviews as review_selectors
from qms.services import reviews as review_services
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role

from .helpers import in_state, make_nc

PERIOD = (date(2026, 1, 1), date(2026, 3, 31))


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _open(org, manager, day: date, title="In the period"):
    return ca_services.ca_create(
        organization=org,
        actor=manager.user,
        data={"title": title, "problem_statement": "p", "owner": manager.user},
        opened_at=_at(day),
    )


def _review(org, manager):
    return review_services.review_create(
        organization=org,
        actor=manager.user,
        data={
            "title": "Review Q1",
            "meeting_date": date(2026, 4, 10),
            "period_start": PERIOD[0],
            "period_end": PERIOD[1],
            "attendees": "Top management",
        },
    )


def _section(sections):
    return next(section for section in sections if section["key"] == "nonconformities")


def _figures(sections):
    return dict(_section(sections)["data"]["figures"])


def test_the_review_section_counts_the_period(org, manager):
    cache.clear()
    _open(org, manager, date(2026, 2, 1))
    _open(org, manager, date(2025, 12, 20), title="Before the period")
    make_nc(org, manager.user)  # today, after the period
    nc_services.nonconformity_create(
        organization=org,
        actor=manager.user,
        data={"title": "Burrs", "occurred_on": date(2026, 3, 2), "severity": "high"},
        opened_at=_at(date(2026, 3, 3)),
    )
    with org_scope(org):
        sections = review_selectors.generate_inputs(
            organization=org, start=PERIOD[0], end=PERIOD[1]
        )
    section = _section(sections)
    assert section["item"] == "9.3.2 c) 4)"
    figures = _figures(sections)
    assert figures["Corrective actions opened"] == 1
    assert figures["Nonconformities opened"] == 1
    assert figures["Corrective actions open at the review"] == 2
    states = {table["title"]: table["rows"] for table in section["data"]["tables"]}
    # On the period's end, the two corrective actions opened by then were open.
    assert states["Corrective actions by state on 2026-03-31"] == [["Open", 2]]
    assert states["Nonconformities by state on 2026-03-31"] == [["Open", 1]]
    # The section is generated: the review no longer asks for it by hand.
    assert "nonconformities" not in dict(review_selectors.entered_keys())


def test_the_section_is_in_a_held_review_s_pack_as_it_stood(org, manager, client_for):
    cache.clear()
    _open(org, manager, date(2026, 2, 1))
    review = _review(org, manager)
    review_services.review_hold(organization=org, actor=manager.user, review=review)
    _open(org, manager, date(2026, 2, 2), title="Recorded late")
    with org_scope(org):
        review.refresh_from_db()
        frozen = review_selectors.inputs_of(review)
        live = review_selectors.generate_inputs(
            organization=org, start=review.period_start, end=review.period_end
        )
    assert _figures(frozen)["Corrective actions opened"] == 1
    assert _figures(live)["Corrective actions opened"] == 2
    client = client_for(manager)
    page = client.get(reverse("qms:review_detail", kwargs={"org_slug": org.slug, "pk": review.pk}))
    assert b"Nonconformities and corrective actions" in page.content
    assert b'data-figure="Corrective actions opened">1<' in page.content
    pdf = client.get(reverse("qms:review_pdf", kwargs={"org_slug": org.slug, "pk": review.pk}))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Nonconformities and corrective actions" in text
    assert "Corrective actions opened: 1" in text


def test_the_effectiveness_and_recurrence_of_the_period(org, manager, make_member):
    checker = make_member(org, Role.MANAGER)
    in_state(org, manager, checker, "closed")
    in_state(org, manager, checker, "not_effective")
    today = timezone.localdate()
    with org_scope(org):
        sections = review_selectors.generate_inputs(
            organization=org, start=today - timedelta(days=30), end=today
        )
    figures = _figures(sections)
    assert figures["Found effective (%)"] == "50"
    assert figures["Median days to close"] != "no data"
    assert figures["Corrective actions closed"] == 1


def test_the_evidence_of_8_7_and_10_2_opens(org, auditor, client_for):
    client = client_for(auditor)
    page = client.get(reverse("qms:evidence", kwargs={"org_slug": org.slug}))
    html = page.content.decode()
    slug = org.slug
    links = [
        reverse("corrective_actions:nc_list", kwargs={"org_slug": slug}),
        reverse("corrective_actions:nc_export", kwargs={"org_slug": slug, "fmt": "csv"}),
        reverse("corrective_actions:ca_list", kwargs={"org_slug": slug}),
        reverse("corrective_actions:ca_export", kwargs={"org_slug": slug, "fmt": "xlsx"}),
        reverse("corrective_actions:ca_list", kwargs={"org_slug": slug}) + "?state=closed",
    ]
    section_87 = html[html.index("8.7 Nonconforming outputs") : html.index("9.1.2")]
    assert links[0] in section_87 and links[1] in section_87
    section_102 = html[html.index("10.2 Nonconformity and corrective action") :]
    for link in links[2:]:
        assert link in section_102
    for link in links:
        assert client.get(link).status_code == 200, link
