"""The demo data, seeded once for every test in this package (twice, in fact: the second
time must add nothing) inside a transaction rolled back at the end, so that the rest of
the suite starts from an empty database. Each test runs in a savepoint of its own within
it. The package runs on one test worker (tests/conftest.py schedules it so)."""

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core import mail
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scopes_disabled

from relmgmt.demo.seed import seed_demo


@dataclass(frozen=True)
class SeededDemo:
    rows_after_first_seed: dict[str, int]
    rows_after_second_seed: dict[str, int]
    mailed: list


def _rows_per_table() -> dict[str, int]:
    with scopes_disabled():
        return {
            model._meta.label: model._base_manager.count()
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
        }


@pytest.fixture(scope="package", autouse=True)
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(folder / "media"),
            RELMGMT_AUDIT_HEADS_FILE=str(folder / "audit-heads.jsonl"),
        ),
        transaction.atomic(),
    ):
        mail.outbox = []
        seed_demo()
        first = _rows_per_table()
        mailed = list(mail.outbox)
        seed_demo()
        yield SeededDemo(first, _rows_per_table(), mailed)
        transaction.set_rollback(True)
