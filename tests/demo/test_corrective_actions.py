"""The demo's nonconformities and corrective actions: from rejected deliveries and
complaints, corrective actions in every state, one not effective with its next cycle, one
closed and signed by someone other than its owner; 8Ds at several steps."""

from corrective_actions.models import (
    CorrectiveAction,
    Nonconformity,
    ScarStep,
    SupplierCorrectiveAction,
)
from corrective_actions.models.corrective_actions import CaState
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
        assert (
            len(set(scars(organization=organization).values_list("current_step", flat=True))) >= 3
        )
