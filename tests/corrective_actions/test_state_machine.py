"""Every state of a corrective action and of a nonconformity, tried with every action: the
allowed moves land where the table says, the others are refused naming the allowed ones and
change nothing."""

import pytest
from django.core.exceptions import ValidationError

from corrective_actions.models import CorrectiveActionEvent
from corrective_actions.models.corrective_actions import CaState
from corrective_actions.models.nonconformities import NcState
from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role

from ..conftest import PASSWORD
from .helpers import in_state, make_nc, move


@pytest.mark.parametrize("action", list(ca_services.TRANSITIONS))
@pytest.mark.parametrize("state", list(CaState))
def test_every_corrective_action_state_answers_every_action(
    org, manager, make_member, state, action
):
    checker = make_member(org, Role.MANAGER)
    ca = in_state(org, manager, checker, state)
    assert ca.state == state
    transition = ca_services.TRANSITIONS[action]
    actor = checker.user if action in ("effective", "not_effective", "close") else manager.user
    with org_scope(org):
        events = CorrectiveActionEvent.objects.filter(corrective_action=ca).count()
    if state in transition.sources:
        moved = move(org, ca, action, actor)
        assert moved.state == transition.target
    else:
        with pytest.raises(ValidationError) as refused:
            move(org, ca, action, actor)
        message = refused.value.message_dict["action"][0]
        allowed = [t.action for t in ca_services.allowed_actions(state)]
        assert (
            (f"allowed: {', '.join(allowed)}." in message)
            if allowed
            else ("no further action" in message)
        )
        with org_scope(org):
            ca.refresh_from_db()
            assert ca.state == state
            assert CorrectiveActionEvent.objects.filter(corrective_action=ca).count() == events


NC_PATH = {
    NcState.OPEN: [],
    NcState.DISPOSITION_PROPOSED: ["propose_disposition"],
    NcState.DISPOSITIONED: ["propose_disposition", "approve_disposition"],
    NcState.CLOSED: ["propose_disposition", "approve_disposition", "close"],
    NcState.CANCELLED: ["cancel"],
}


def _nc_move(org, nc, action, actor):
    return nc_services.nonconformity_transition(
        organization=org,
        actor=actor,
        nonconformity=nc,
        action=action,
        note="As recorded.",
        disposition="rework",
        password=PASSWORD,
    )


@pytest.mark.parametrize("action", list(nc_services.TRANSITIONS))
@pytest.mark.parametrize("state", list(NcState))
def test_every_nonconformity_state_answers_every_action(org, manager, state, action):
    nc = make_nc(org, manager.user)
    for step in NC_PATH[state]:
        nc = _nc_move(org, nc, step, manager.user)
    transition = nc_services.TRANSITIONS[action]
    if state in transition.sources:
        assert _nc_move(org, nc, action, manager.user).state == transition.target
    else:
        with pytest.raises(ValidationError) as refused:
            _nc_move(org, nc, action, manager.user)
        assert "nonconformity that is" in refused.value.message_dict["action"][0]
        with org_scope(org):
            nc.refresh_from_db()
        assert nc.state == state
