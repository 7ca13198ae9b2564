import pytest

from .world import build_side


@pytest.fixture
def world(make_org, make_member):
    mine = build_side(make_org("mine", "Mine Ltd"), make_member)
    theirs = build_side(make_org("theirs", "Theirs Ltd"), make_member)
    return mine, theirs
