"""What was done about a supplier's standing, in one place on its page: the latest score,
the consequences, suspension proposals (score at proposal and now; withdrawn, recorded, when
the standing recovers), open requests and performance reviews; reminders on a record's page
show what goes out next, the rest folded."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from suppliers.models import Supplier, SuspensionProposal
from suppliers.services.scorecards import definitions
from tests.support.lazy_panels import with_panels

from ..conftest import PASSWORD


@pytest.fixture
def supplier(org, manager, make_supplier):
    from suppliers.services import approval

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


PERIOD = date(2026, 10, 1)


def rate(org, manager, supplier, rating):
    definitions.manual_rating_save(
        organization=org, actor=manager.user, supplier=supplier, period_start=PERIOD, rating=rating
    )


def test_a_pending_proposal_is_withdrawn_recorded_when_the_standing_recovers(
    org, manager, auditor, supplier, defined, client_for
):
    with org_scope(org):
        Supplier.objects.filter(pk=supplier.pk).update(owner=manager.user)
    rate(org, manager, supplier, 1)
    with org_scope(org):
        proposal = SuspensionProposal.objects.get(supplier=supplier)
    assert proposal.status == "open"
    page = with_panels(client_for(auditor), f"/o/{org.slug}/suppliers/{supplier.pk}/")
    standing = page.split('id="standing"', 1)[1].split("</section>", 1)[0]
    assert "Waiting for a decision" in standing
    assert f"Score at proposal {proposal.score:.1f} (poor), now {proposal.score:.1f} (poor)" in (
        " ".join(standing.split())
    )
    assert "Re-evaluation brought forward" in standing  # a consequence, with its reason
    listed = client_for(auditor).get(f"/o/{org.slug}/suppliers/scorecards/proposals/").text
    assert "Score now" in listed
    # The standing recovers: the proposal is withdrawn, with the reason, in the audit trail.
    rate(org, manager, supplier, 5)
    with org_scope(org):
        proposal.refresh_from_db()
        event = AuditEvent.objects.filter(
            model_label="suppliers.suspensionproposal", object_id=str(proposal.pk)
        ).latest("seq")
    assert proposal.status == "withdrawn" and proposal.decided_at is not None
    assert proposal.decision_reason.startswith("The standing recovered")
    assert event.reason == proposal.decision_reason
    assert event.changes["status"] == ["open", "withdrawn"]
    page = with_panels(client_for(auditor), f"/o/{org.slug}/suppliers/{supplier.pk}/")
    standing = " ".join(page.split('id="standing"', 1)[1].split("</section>", 1)[0].split())
    assert "Withdrawn: the standing recovered" in standing
    assert "(poor), now 100.0 (excellent)" in standing


def test_the_record_page_shows_upcoming_reminders_and_folds_the_rest(
    org, manager, supplier, client_for
):
    with org_scope(org):
        Reminder.objects.create(
            organization=org,
            kind="suppliers.reevaluation_due",
            model_label="suppliers.supplier",
            object_id=str(supplier.pk),
            object_repr="x",
            url="/",
            due_date=date(2025, 3, 1),
            send_at=timezone.now() - timedelta(days=400),
            next_attempt_at=timezone.now() - timedelta(days=400),
            status="cancelled",
            cancelled_reason="moved",
        )
    page = with_panels(client_for(manager), f"/o/{org.slug}/suppliers/{supplier.pk}/")
    upcoming = page.split('id="reminders-upcoming"', 1)[1].split("</table>", 1)[0]
    assert "Pending" in upcoming and "2025-03-01" not in upcoming
    earlier = page.split('id="reminders-earlier"', 1)[1].split("</details>", 1)[0]
    assert "Due 2025-03-01" in earlier and "Cancelled" in earlier


def test_the_supplier_page_makes_as_many_queries_with_a_long_history(
    org, manager, supplier, defined, client_for, assert_constant_queries
):
    from suppliers.services import approval

    rate(org, manager, supplier, 1)

    def grow():
        with org_scope(org):
            for month in range(1, 8):
                SuspensionProposal.objects.create(
                    organization=org,
                    supplier=supplier,
                    period_start=date(2025, month, 1),
                    score=30,
                    standing="poor",
                    definition=defined,
                    status="rejected",
                )
        for day in range(1, 8):
            approval.reevaluation_bring_forward(
                organization=org,
                supplier=supplier,
                due=date(2027, 1, day),
                reason=f"Scorecard for day {day}: re-evaluation required",
            )

    assert_constant_queries(
        client_for(manager), f"/o/{org.slug}/suppliers/{supplier.pk}/", grow=grow
    )


def test_the_standing_panel_names_the_scorecard_reminder_by_its_registered_key():
    from suppliers.reminder_kinds import SCORECARD_STANDING
    from suppliers.selectors.governance import SCORECARD_STANDING_KIND

    assert SCORECARD_STANDING.key == SCORECARD_STANDING_KIND
