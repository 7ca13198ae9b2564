"""The list's figures count, over many rows at once, what each row's own flags say: the
recurrences and the overdue ones, on varied corrective actions (ties, the edges of the
twelve months, earlier cycles, parties and suppliers, other organisations, late and done
actions), for every corrective action and for a filtered list."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from corrective_actions.models import ActionStep, CorrectiveAction, RootCauseAnalysis
from corrective_actions.models.corrective_actions import CA_OPEN_STATES
from corrective_actions.selectors import corrective_actions as selectors
from corrective_actions.selectors.corrective_actions import (
    RECURRENCE_WINDOW,
    overdue_q,
    recurrence_q,
)
from parties.models import Party
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope

from ..conftest import create_supplier

_numbers = itertools.count(1)


def _ca(org, owner, analysis, opened_at, **fields):
    number = next(_numbers)
    fields.setdefault("state", "open")
    with org_scope(org):
        return CorrectiveAction.objects.create(
            organization=org,
            reference=f"CA-T-{number:05d}",
            year=2000,
            number=number,
            title=f"CA {number}",
            problem_statement="p",
            owner=owner,
            analysis=analysis,
            opened_at=opened_at,
            **fields,
        )


def _varied(org, owner):
    """Corrective actions around every edge of the recurrence and of being overdue."""
    with org_scope(org):
        analysis = RootCauseAnalysis.objects.create(organization=org)
        party, other_party = (
            Party.objects.create(organization=org, name=name, types=["customer"])
            for name in ("P1", "P2")
        )
    supplier = create_supplier(org)
    now = timezone.now().replace(microsecond=0)
    year = RECURRENCE_WINDOW
    first = _ca(org, owner, analysis, now - timedelta(days=400), party=party)
    _ca(org, owner, analysis, now - timedelta(days=400) + year, party=party)  # at the edge
    _ca(org, owner, analysis, now - timedelta(days=400) + year + timedelta(microseconds=1),
        party=party, category="process")  # fmt: skip
    _ca(org, owner, analysis, first.opened_at + year + timedelta(microseconds=1),
        party=party, category="service")  # fmt: skip
    tie = now - timedelta(days=50)
    _ca(org, owner, analysis, tie, party=other_party, category="delivery")
    _ca(org, owner, analysis, tie, party=other_party, category="delivery")  # peers only
    # Earlier cycles: the only one before is its own cycle, or there is one more.
    cycle_one = _ca(org, owner, analysis, now - timedelta(days=30), party=other_party,
                    category="documentation", state="not_effective",
                    closed_at=now - timedelta(days=20))  # fmt: skip
    _ca(org, owner, analysis, now - timedelta(days=20), party=other_party,
        category="documentation", previous=cycle_one, cycle=2)  # fmt: skip
    cycle_a = _ca(org, owner, analysis, now - timedelta(days=90), party=party, category="other",
                  state="not_effective", closed_at=now - timedelta(days=80))  # fmt: skip
    _ca(org, owner, analysis, now - timedelta(days=85), party=party, category="other")
    _ca(org, owner, analysis, now - timedelta(days=80), party=party, category="other",
        previous=cycle_a, cycle=2)  # fmt: skip
    old_cycle = _ca(org, owner, analysis, now - timedelta(days=500), supplier=supplier,
                    state="not_effective", closed_at=now - timedelta(days=480))  # fmt: skip
    _ca(org, owner, analysis, now - timedelta(days=470), supplier=supplier, previous=old_cycle,
        cycle=2, state="closed", closed_at=now - timedelta(days=400))  # fmt: skip
    _ca(org, owner, analysis, now - timedelta(days=300), supplier=supplier, party=other_party,
        state="effectiveness_check", effectiveness_due_on=organization_today(org)
        - timedelta(days=1))  # fmt: skip
    _ca(org, owner, analysis, now - timedelta(days=10), supplier=supplier, party=party,
        category="delivery", state="effectiveness_check",
        effectiveness_due_on=organization_today(org))  # fmt: skip
    _ca(org, owner, analysis, now - timedelta(days=5))  # neither party nor supplier
    _ca(org, owner, analysis, now - timedelta(days=4))
    late, done, closed = (
        _ca(org, owner, analysis, now - timedelta(days=3), party=party, category="service"),
        _ca(org, owner, analysis, now - timedelta(days=2), state="analysis"),
        _ca(org, owner, analysis, now - timedelta(days=1), state="closed", closed_at=now),
    )
    today = organization_today(org)
    with org_scope(org):
        for record, status, due in (
            (late, "planned", today - timedelta(days=1)),
            (late, "in_progress", today - timedelta(days=2)),
            (done, "done", today - timedelta(days=5)),
            (done, "planned", today),
            (closed, "planned", today - timedelta(days=9)),
        ):
            ActionStep.objects.create(
                organization=org, corrective_action=record, description="d", owner=owner,
                due_on=due, status=status,
            )  # fmt: skip


def _flags(org, queryset):
    """What each row's own flags say, counted."""
    today = organization_today(org)
    with org_scope(org):
        flagged = queryset.annotate(r=recurrence_q(), o=overdue_q(today)).values_list("r", "o")
        return sum(r for r, _o in flagged), sum(o for _r, o in flagged), len(flagged)


@pytest.mark.parametrize("filtered", [False, True])
def test_the_figures_count_what_the_rows_are_flagged(org, other_org, manager, filtered):
    _varied(org, manager.user)
    _varied(other_org, manager.user)  # the same again elsewhere: not counted here
    with org_scope(org):
        queryset = selectors.corrective_actions(organization=org)
        if filtered:
            queryset = queryset.filter(state__in=CA_OPEN_STATES)
        recurrent, overdue, total = _flags(org, queryset)
        found = selectors.figures(organization=org, queryset=queryset)
    assert 0 < recurrent < total and 0 < overdue < total
    assert found.total == total
    assert found.recurrence_rate == round(100 * recurrent / total, 1)
    assert found.overdue == overdue
    if not filtered:
        assert (recurrent, overdue) == (5, 2)
