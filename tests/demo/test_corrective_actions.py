"""The demo's nonconformities and corrective actions: from rejected deliveries and
complaints, corrective actions in every state, one not effective with its next cycle, one
closed and signed by someone other than its owner; one from a risk of the register and one
from a detractor's survey answer; 8Ds at several steps, one closed after its effectiveness
check with a signature."""

from corrective_actions.models import (
    CorrectiveAction,
    Nonconformity,
    ScarStep,
    SupplierCorrectiveAction,
)
from corrective_actions.models.corrective_actions import CaSource, CaState
from corrective_actions.selectors import sources
from corrective_actions.selectors.corrective_actions import corrective_actions
from corrective_actions.selectors.scars import portal_scars, scars
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Membership, Organization


def test_the_demo_has_nonconformities_and_corrective_actions_in_every_state(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        sources = set(Nonconformity.objects.values_list("source", flat=True))
        assert {"delivery_rejection", "customer_complaint"} <= sources
        assert Nonconformity.objects.exclude(disposition_signature=None).exists()
        states = set(CorrectiveAction.objects.values_list("state", flat=True))
        assert states == set(CaState.values)
        closed = CorrectiveAction.objects.get(state=CaState.CLOSED)
        assert closed.closure_signature.signer_id != closed.owner_id
        failed = CorrectiveAction.objects.get(state=CaState.NOT_EFFECTIVE)
        assert failed.next_cycles.get().cycle == 2
        overdue = corrective_actions(organization=organization).filter(overdue=True)
        assert set(overdue.values_list("state", flat=True)) == {"analysis", "effectiveness_check"}


def test_the_demo_opens_corrective_actions_from_a_risk_and_a_survey_answer(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        from_risk = CorrectiveAction.objects.select_related("risk").get(source=CaSource.RISK)
        assert from_risk.risk is not None and from_risk.party_id == from_risk.risk.party_id
        assert from_risk.state == CaState.ANALYSIS
        assert sources.of_risk(organization=organization, risk_id=from_risk.risk_id) == [from_risk]
        from_answer = CorrectiveAction.objects.select_related("survey_response").get(
            source=CaSource.SURVEY_ANSWER
        )
        answer = from_answer.survey_response
        assert answer is not None and answer.follow_up_reason
        assert answer.loop_closed_at is not None and from_answer.party_id == answer.party_id
        assert from_answer.opened_at >= answer.loop_closed_at
        assert sources.of_survey_response(organization=organization, response_id=answer.pk) == [
            from_answer
        ]


def test_the_demo_has_8ds_at_several_steps(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        portal = Membership.objects.get(
            organization=organization, user__email=f"supplier@{organization.slug}.example"
        )
        mine = portal_scars(organization=organization, supplier=portal.supplier)
        assert mine.filter(overdue=True, state="open").exists()
        assert ScarStep.objects.filter(times_returned__gt=0, discipline=4).exists()
        assert set(SupplierCorrectiveAction.objects.values_list("state", flat=True)) >= {
            "open",
            "closed",
        }
        closed = SupplierCorrectiveAction.objects.get(state="closed")
        assert closed.effectiveness_checked_at is not None and closed.effectiveness_result
        assert closed.closure_signature.signer_id == closed.effectiveness_checked_by_id
        assert closed.effectiveness_checked_by_id != closed.owner_id
        assert (
            len(set(scars(organization=organization).values_list("current_step", flat=True))) >= 3
        )
