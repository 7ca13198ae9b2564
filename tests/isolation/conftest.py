import copy

import pytest
from django.db import transaction

from ..conftest import create_member, create_org
from .world import build_side


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """Both organisations with one of everything, built once per test module (and worker)
    inside a transaction rolled back when the module is done, as Django's
    ``setUpTestData`` does. Each test runs in a savepoint within it, so whatever a test
    changes is undone after it; building the world for every one of a few hundred tests
    would cost minutes."""
    with django_db_blocker.unblock(), transaction.atomic():
        mine = build_side(create_org("mine", "Mine Ltd"), create_member)
        theirs = build_side(create_org("theirs", "Theirs Ltd"), create_member)
        yield mine, theirs
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    # Each test gets its own copies of the objects, so no test sees another's changes to them.
    return copy.deepcopy(shared_world)
