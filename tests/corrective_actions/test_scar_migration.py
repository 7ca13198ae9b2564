"""The suppliers' corrective action requests move into 8Ds (document and information
requests stay): their answer, return and closure become D1's, the move is in the audit
trail (which still verifies), open requests are closed with the move as the reason, and
the scorecard's responsiveness counts each request once."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from corrective_actions.models import ScarEvent, SupplierCorrectiveAction
from corrective_actions.models.scars import ScarSource, ScarState, StepStatus
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_all
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import ScorecardResult, SupplierRequest
from suppliers.models.periods import period_start_of
from suppliers.services import requests as request_services
from suppliers.services.scorecards import definitions
from suppliers.services.scorecards import recompute as scorecard_recompute
from tests.support.legacy_requests import earlier_corrective_action_request

BEFORE = [("corrective_actions", "0003_supplier_8d")]


def _raise(org, manager, supplier, kind="corrective_action", subject="Burrs"):
    data = {
        "kind": kind,
        "subject": subject,
        "description": "Find the root cause.",
        "internal_note": "Second time",
        "due_date": organization_today(org) + timedelta(days=5),
    }
    if kind == "corrective_action":
        return earlier_corrective_action_request(
            organization=org, actor=manager.user, supplier=supplier, data=data
        )
    return request_services.request_raise(
        organization=org, actor=manager.user, supplier=supplier, data=data
    )


@pytest.mark.django_db(transaction=True)
def test_corrective_action_requests_move_into_8ds(org, manager, supplier_member):
    supplier = supplier_member.supplier
    user = supplier_member.user
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="monthly",
        criteria=[{"metric": "car_responsiveness", "weight": 100}],
    )
    opened = _raise(org, manager, supplier, subject="Open one")
    answered = _raise(org, manager, supplier, subject="Answered one")
    request_services.request_respond(
        organization=org, actor=user, request=answered, response="Deburring added"
    )
    returned = _raise(org, manager, supplier, subject="Returned one")
    request_services.request_respond(organization=org, actor=user, request=returned, response="x")
    request_services.request_return(
        organization=org, actor=manager.user, request=returned, comment="Give the root cause"
    )
    closed = _raise(org, manager, supplier, subject="Closed one")
    request_services.request_respond(organization=org, actor=user, request=closed, response="Done")
    request_services.request_close(organization=org, actor=manager.user, request=closed)
    document = _raise(org, manager, supplier, kind="document", subject="Certificates")
    month = period_start_of(opened.due_date, "monthly")
    with org_scope(org):
        before = ScorecardResult.objects.get(supplier=supplier, period_start=month)
    assert (before.car_count, before.car_on_time_count) == (3, 3)

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    with org_scope(org):
        scars = {
            scar.moved_from_request_id: scar
            for scar in SupplierCorrectiveAction.objects.prefetch_related("steps")
        }
        assert set(scars) == {opened.pk, answered.pk, returned.pk, closed.pk}
        d1 = {pk: scar.steps.get(discipline=1) for pk, scar in scars.items()}
        assert d1[opened.pk].status == StepStatus.OPEN
        assert d1[answered.pk].status == StepStatus.SUBMITTED
        assert d1[answered.pk].answer == "Deburring added"
        assert d1[returned.pk].status == StepStatus.RETURNED
        assert d1[returned.pk].review_comment == "Give the root cause"
        assert d1[closed.pk].status == StepStatus.ACCEPTED
        assert scars[closed.pk].state == ScarState.CLOSED
        assert scars[opened.pk].state == ScarState.OPEN
        assert all(scar.source == ScarSource.REQUEST for scar in scars.values())
        answered.refresh_from_db()
        assert d1[answered.pk].first_answered_at == answered.responded_at
        assert d1[answered.pk].due_date == answered.due_date
        assert scars[opened.pk].internal_note == "Second time"
        assert ScarEvent.objects.filter(action="moved", internal=True).count() == 4
        # The requests keep their rows; open ones are closed with the move as the reason.
        assert SupplierRequest.objects.get(pk=opened.pk).status == "closed"
        assert SupplierRequest.objects.get(pk=document.pk).status == "open"
        moves = AuditEvent.objects.filter(actor_label="migration")
        assert moves.filter(model_label="corrective_actions.suppliercorrectiveaction").count() == 4
        closing = moves.get(model_label="suppliers.supplierrequest", object_id=str(opened.pk))
        assert "moved to SCAR-" in closing.reason
    _checked, faults = verify_all()
    assert not faults

    # Counted once: the requests through their 8D's D1.
    scorecard_recompute.scorecards_recompute(organization=org)
    with org_scope(org):
        after = ScorecardResult.objects.get(supplier=supplier, period_start=month)
    assert (after.car_count, after.car_on_time_count) == (3, 3)
