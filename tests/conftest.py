import itertools

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from parties.models import Party
from relmgmt.api import services as api_services
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy import services
from suppliers.services import register as supplier_services

PASSWORD = "A-long-test-passphrase-42"
_numbers = itertools.count(1)


def create_org(slug=None, name=None, **fields):
    slug = slug or f"org{next(_numbers)}"
    organization = services.organization_create(name=name or slug.title(), slug=slug)
    for field, value in fields.items():
        setattr(organization, field, value)
    if fields:
        organization.save()
    return organization


def create_user(email=None, password=PASSWORD, **fields):
    email = email or f"person{next(_numbers)}@example.test"
    return get_user_model().objects.create_user(email=email, password=password, **fields)


def create_supplier(organization, code=None, name=None, **data):
    """A prospective supplier. Its party is made bare (no review reminder), so tests of
    other areas see only what they make; tests of the register use its services."""
    code = code or f"S{next(_numbers):04d}"
    with org_scope(organization):
        party = Party.objects.create(
            organization=organization, name=name or code, types=["supplier"]
        )
    return supplier_services.supplier_create(
        organization=organization,
        actor=None,
        data={"code": code, "party": party, "categories": ["components"], **data},
    )


def create_member(organization, role=Role.MANAGER, *, user=None, supplier=None, **fields):
    user = user or create_user(email=f"{role}{next(_numbers)}@{organization.slug}.test")
    if role == Role.SUPPLIER and supplier is None:
        supplier = create_supplier(organization)
    return services.membership_add(
        organization=organization, user=user, role=role, supplier=supplier, **fields
    )


@pytest.fixture
def make_org(db):
    return create_org


@pytest.fixture
def make_user(db):
    return create_user


@pytest.fixture
def make_supplier(db):
    return create_supplier


@pytest.fixture
def make_member(db):
    return create_member


@pytest.fixture
def org(make_org):
    return make_org("acme", "Acme Ltd")


@pytest.fixture
def other_org(make_org):
    return make_org("globex", "Globex GmbH")


@pytest.fixture
def admin(org, make_member):
    return make_member(org, Role.ADMIN)


@pytest.fixture
def manager(org, make_member):
    return make_member(org, Role.MANAGER)


@pytest.fixture
def auditor(org, make_member):
    return make_member(org, Role.AUDITOR)


@pytest.fixture
def supplier_member(org, make_member):
    return make_member(org, Role.SUPPLIER)


@pytest.fixture
def outsider(other_org, make_member):
    """A manager of another organisation."""
    return make_member(other_org, Role.MANAGER)


@pytest.fixture
def client_for(client):
    def login(membership_or_user):
        user = getattr(membership_or_user, "user", membership_or_user)
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        return client

    return login


@pytest.fixture
def api_client_for(db):
    def make(membership):
        _token, key = api_services.token_create(
            organization=membership.organization,
            actor=membership.user,
            membership=membership,
            name="test",
        )
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        return client

    return make


# The most SQL statements a page may make, whatever its data (savepoints of the test's
# transaction aside): the request's own (the user and the memberships; the session is read
# from the cache and noted at most once a minute) included.
PAGE_QUERIES = 10


def real_statements(queries) -> list:
    """The statements a request makes, without the savepoints that exist only because each
    test runs inside a transaction."""
    return [
        query
        for query in queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))
    ]


def _queries_with_few_and_many_rows(client, url, grow) -> tuple[list, list]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    grow()
    client.get(url)  # warm again: counts remembered for the old rows are not reused
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    return few.captured_queries, many.captured_queries


@pytest.fixture
def assert_constant_queries():
    """Asserts a page makes as many queries with many rows as with few."""

    def check(client, url, *, grow):
        few, many = _queries_with_few_and_many_rows(client, url, grow)
        assert len(many) == len(few), (
            f"{url}: {len(few)} queries with few rows, {len(many)} with more"
        )
        return len(many)

    return check


@pytest.fixture
def assert_few_queries():
    """Asserts a page makes as many statements with many rows as with few, and no more than
    ``PAGE_QUERIES``; returns how many it makes."""

    def check(client, url, *, grow):
        few, many = map(real_statements, _queries_with_few_and_many_rows(client, url, grow))
        assert len(many) == len(few), (
            f"{url}: {len(few)} queries with few rows, {len(many)} with more"
        )
        assert len(many) <= PAGE_QUERIES, f"{url}: {len(many)} queries: " + "\n".join(
            query["sql"][:120] for query in many
        )
        return len(many)

    return check


@pytest.fixture
def confirm_import(django_capture_on_commit_callbacks):
    """POST an import's confirmation and run the job it queues, as the worker does once the
    request has committed (tasks run eagerly in the suite); returns the response."""

    def confirm(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return confirm


@pytest.fixture(autouse=True)
def _own_audit_heads_file(settings, tmp_path):
    """Heads published by one test (its rows rolled back after it) never judge another's."""
    settings.RELMGMT_AUDIT_HEADS_FILE = str(tmp_path / "audit-heads.jsonl")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django empties the test database between transactional tests with TRUNCATE, which
    the audit trail refuses on PostgreSQL: test databases (only they) allow it."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            name = connection.ops.quote_name(connection.settings_dict["NAME"])
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER DATABASE {name} SET relmgmt.audit_allow_truncate = 'on'")
                cursor.execute("SET relmgmt.audit_allow_truncate = 'on'")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Tests go to whichever worker is free, one at a time, except the demo's, which share
    one seeded demo (tests/demo/conftest.py) and go to one worker together. (xdist's own
    grouping by mark names its groups in a way pytest 9 no longer reads.)"""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class DemoTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "tests/demo/" if nodeid.startswith("tests/demo/") else nodeid

    return DemoTogether(config, log)
