"""Failure tests break real things: a private Redis, a Celery worker and beat, a mail sink,
and a database they all share (``tests/support/stack.py``). Every failure test is marked
``failure``: ``make test`` runs them, and ``pytest -m failure`` runs them alone."""

import pytest

from tests.support.stack import PrivateRedis, SharedDatabase, Stack

LEASE_SECONDS = 8


def make_stack(folder, database, redis):
    return Stack(
        folder,
        database,
        redis,
        RELMGMT_REMINDER_LEASE_SECONDS=str(LEASE_SECONDS),
        RELMGMT_DISPATCH_INTERVAL_SECONDS="1",
    )


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    folder = tmp_path_factory.mktemp("failure-template")
    database = SharedDatabase(folder)
    make_stack(folder, database, PrivateRedis(folder)).run(
        "manage.py", "migrate", "--noinput", "-v0"
    )
    database.settle()
    yield database
    database.drop()


@pytest.fixture
def stack(tmp_path, migrated_database):
    database = SharedDatabase(tmp_path, template=migrated_database)
    redis = PrivateRedis(tmp_path)
    redis.start()
    stack = make_stack(tmp_path, database, redis)
    yield stack
    stack.stop_all()
    redis.stop()
    database.drop()
