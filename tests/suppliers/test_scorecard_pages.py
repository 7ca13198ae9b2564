"""Scorecard pages and services as people use them: a manager defines the scorecard and
rates suppliers, an auditor reads, a manager decides a suspension proposal (signed), the
supplier sees its own scorecard without the buyer's notes; pages make a constant number
of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from relmgmt.core.scoping import org_scope
from suppliers.models import RecomputeJob, Supplier, SuspensionProposal
from suppliers.services import approval
from suppliers.services import deliveries as delivery_services
from suppliers.services.scorecards import definitions
from suppliers.services.scorecards import jobs as scorecard_jobs
from suppliers.services.scorecards import proposals as scorecard_proposals
from suppliers.services.scorecards import recompute as scorecard_recompute

from ..conftest import PASSWORD


@pytest.fixture
def supplier(org, manager, make_supplier):
    supplier = make_supplier(org, code="SUP-1", name="Northwind Castings")
    approval.supplier_transition(
        organization=org, actor=manager.user, supplier=supplier, action="evaluate", reason="Q"
    )
    approval.supplier_transition(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        action="approve",
        reason="Audit passed",
        password=PASSWORD,
    )
    return supplier


@pytest.fixture
def defined(org, manager):
    return definitions.definition_create_default(organization=org, actor=manager.user)


def deliver(org, manager, supplier, day, late=0):
    from datetime import timedelta

    delivery_services.delivery_create(
        organization=org,
        actor=manager.user,
        data={
            "supplier": supplier,
            "order_reference": "PO",
            "item": "Part",
            "promised_date": day - timedelta(days=late),
            "received_date": day,
            "quantity_ordered": Decimal(10),
            "quantity_received": Decimal(10),
        },
    )


def url(org, name, **kwargs):
    from django.urls import reverse

    return reverse(f"suppliers:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_the_supplier_scorecard_page_shows_no_data_inputs_and_makes_constant_queries(
    org, manager, auditor, supplier, defined, client_for, assert_few_queries
):
    client = client_for(manager)
    deliver(org, manager, supplier, date(2026, 3, 5))
    page = url(org, "supplier_scorecard", pk=supplier.pk)
    response = client.get(page)
    assert b"No data" in response.content and b"1 deliveries" in response.content
    assert b"<svg" in response.content

    def grow():
        for month in (4, 5, 6, 7):
            deliver(org, manager, supplier, date(2026, month, 5), late=3)
        definitions.manual_rating_save(
            organization=org,
            actor=manager.user,
            supplier=supplier,
            period_start=date(2026, 5, 1),
            rating=3,
            note="Slow to answer",
        )

    assert_few_queries(client, page, grow=grow)
    # An auditor's visit is logged: one statement more, still within the budget.
    assert_few_queries(client_for(auditor), page, grow=lambda: None)


def test_overview_list_and_proposals_make_constant_queries(
    org, manager, supplier, defined, make_supplier, client_for, assert_constant_queries
):
    client = client_for(manager)

    def grow():
        for n in range(3):
            other = make_supplier(org, code=f"X{n}")
            deliver(org, manager, other, date(2026, 10, 5), late=n * 5)
            with org_scope(org):
                SuspensionProposal.objects.create(
                    organization=org,
                    supplier=other,
                    period_start=date(2026, 10, 1),
                    score=20,
                    standing="poor",
                    definition=defined,
                )

    for name in ("scorecard_overview", "scorecard_proposals", "supplier_list"):
        assert_constant_queries(client, url(org, name), grow=lambda: None)
    grow()
    for name in ("scorecard_overview", "scorecard_proposals", "supplier_list"):
        assert client.get(url(org, name)).status_code == 200
    assert b"Poor" in client.get(url(org, "supplier_list") + "?standing=poor").content


def test_the_list_shows_the_latest_scored_period_as_the_standing_filter_sees_it(
    org, manager, supplier, defined, make_supplier, client_for
):
    from suppliers.models import Delivery
    from suppliers.selectors import scorecards as scorecard_selectors

    deliver(org, manager, supplier, date(2026, 3, 5))
    deliver(org, manager, supplier, date(2026, 5, 5), late=20)
    seen = client_for(manager).get(url(org, "supplier_list")).content.decode()
    assert '<small class="muted">May 2026</small>' in seen  # and remembered
    with org_scope(org):
        may = Delivery.objects.get(supplier=supplier, received_date=date(2026, 5, 5))
    delivery_services.delivery_delete(
        organization=org, actor=manager.user, delivery=may, reason="Entered twice"
    )
    unscored = make_supplier(org, code="SUP-2", name="Quiet Supplier")
    ids = [supplier.pk, unscored.pk]
    with org_scope(org):
        latest = scorecard_selectors.latest_standings(organization=org, supplier_ids=ids)
        annotated = {
            row["pk"]: (row["latest_standing"], row["latest_period"])
            for row in scorecard_selectors.with_latest_standing(
                Supplier.objects.filter(organization=org, pk__in=ids), organization=org
            ).values("pk", "latest_standing", "latest_period")
        }
    # May lost its only delivery ("no data"): March is the latest scored period.
    assert latest == {
        supplier.pk: {"latest_standing": "excellent", "latest_period": date(2026, 3, 1)}
    }
    assert annotated == {supplier.pk: ("excellent", date(2026, 3, 1)), unscored.pk: (None, None)}
    page = client_for(manager).get(url(org, "supplier_list")).content.decode()
    assert 'Excellent</span></a> <small class="muted">Mar 2026</small>' in page
    assert page.count('<span class="muted">No data</span>') == 1


def test_a_definition_whose_weights_do_not_add_up_is_refused_with_the_sum(
    org, manager, auditor, defined, client_for
):
    client = client_for(manager)
    data = {
        "period": "monthly",
        "excellent_from": 85,
        "good_from": 70,
        "needs_improvement_from": 50,
        "m_otif_weight": 60,
        "m_defect_ppm_weight": 30,
    }
    response = client.post(url(org, "scorecard_definition"), data)
    assert response.status_code == 200
    assert b"add up to 90" in response.content
    data["m_defect_ppm_weight"] = 40
    response = client.post(url(org, "scorecard_definition"), data)
    assert response.status_code == 302
    assert scorecard_recompute.current_definition(organization=org).version == 2
    reader = client_for(auditor)
    assert reader.get(url(org, "scorecard_definition")).status_code == 200
    assert reader.post(url(org, "scorecard_definition"), data).status_code == 403


def test_a_poor_standing_proposes_suspension_and_a_signed_confirmation_suspends(
    org, manager, supplier, defined
):
    with org_scope(org):
        Supplier.objects.filter(pk=supplier.pk).update(owner=manager.user)
    definitions.manual_rating_save(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        period_start=date(2026, 10, 1),
        rating=1,
    )
    with org_scope(org):
        proposal = SuspensionProposal.objects.get(supplier=supplier, status="open")
        supplier.refresh_from_db()
    assert supplier.next_evaluation_due is not None  # a review is required
    with pytest.raises(ValidationError):
        scorecard_proposals.proposal_confirm(
            organization=org,
            actor=manager.user,
            proposal=proposal,
            password="wrong",
            reason="Poor",
        )
    scorecard_proposals.proposal_confirm(
        organization=org,
        actor=manager.user,
        proposal=proposal,
        password=PASSWORD,
        reason="Poor month after month",
    )
    with org_scope(org):
        proposal.refresh_from_db()
        supplier.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.signature_id
    assert supplier.status == "suspended"


def test_rejecting_a_proposal_needs_a_reason_and_is_signed(org, manager, supplier, defined):
    with org_scope(org):
        proposal = SuspensionProposal.objects.create(
            organization=org,
            supplier=supplier,
            period_start=date(2026, 10, 1),
            score=20,
            standing="poor",
            definition=defined,
        )
    with pytest.raises(ValidationError):
        scorecard_proposals.proposal_reject(
            organization=org,
            actor=manager.user,
            proposal=proposal,
            password=PASSWORD,
            reason="",
        )
    scorecard_proposals.proposal_reject(
        organization=org,
        actor=manager.user,
        proposal=proposal,
        password=PASSWORD,
        reason="One bad month; corrective action agreed",
    )
    with org_scope(org):
        proposal.refresh_from_db()
        supplier.refresh_from_db()
    assert proposal.status == "rejected" and proposal.signature_id
    assert supplier.status == "approved"


def test_the_portal_shows_the_suppliers_own_scorecard_without_internal_notes(
    org, manager, supplier, defined, make_member, client_for
):
    definitions.manual_rating_save(
        organization=org,
        actor=manager.user,
        supplier=supplier,
        period_start=date(2026, 10, 1),
        rating=2,
        note="Secret buyer note",
    )
    member = make_member(org, "supplier", supplier=supplier)
    from django.urls import reverse

    response = client_for(member).get(reverse("portal:scorecard", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    assert b"Your scorecard" in response.content
    assert b"Secret buyer note" not in response.content
    assert b"Suspension" not in response.content


def test_a_recalculation_job_runs_and_reports(org, manager, supplier, defined):
    deliver(org, manager, supplier, date(2026, 3, 5))
    job = scorecard_jobs.recompute_job_request(organization=org, actor=manager.user)
    job = scorecard_jobs.recompute_job_run(organization=org, job_id=job.pk)
    assert job.status == "done" and "recalculated" in job.message
    with org_scope(org):
        assert RecomputeJob.objects.get(pk=job.pk).progress == 100


def test_the_nightly_dispatcher_fans_out_per_organisation(org, manager, supplier, defined):
    from suppliers.tasks.scorecards import dispatch_scorecard_recalculation

    assert dispatch_scorecard_recalculation() == 1


def test_results_through_the_api_filter_by_standing(
    org, manager, supplier, defined, api_client_for
):
    deliver(org, manager, supplier, date(2026, 3, 5))
    client = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/scorecard-results/"
    body = client.get(base, {"supplier": supplier.pk}).json()
    assert body["results"][0]["criteria"]["otif"]["points"] == 100
    assert client.get(base, {"standing": "poor"}).json()["results"] == []
    response = client.post(
        f"/api/v1/o/{org.slug}/scorecard-definitions/",
        {"period": "monthly", "criteria": [{"metric": "otif", "weight": 50}]},
        format="json",
    )
    assert response.status_code == 400 and "add up to 50" in response.content.decode()
