"""The staff and portal APIs fuzzed from their own OpenAPI schema (schemathesis): every
operation, called by a member who may use it with requests drawn from the schema, answers
without a server error and with a response the schema describes (status, content type,
body). Bounded in time: a few examples per operation (``RELMGMT_FUZZ_EXAMPLES``)."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from relmgmt.policy import Role

from .routes import API_OBJECTS
from .test_isolation import ORG_API, PORTAL_API

EXAMPLES = int(os.environ.get("RELMGMT_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def app():
    # As Django's test client does: a request must not close the test's database
    # connection (on PostgreSQL it would end the test's transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def api_schema(app):
    # Read once: drawing the schema is the slow part of a small run.
    return schemathesis.openapi.from_wsgi("/api/schema/", app)


def _operations(prefix):
    # The schema is read from the application by path, without a request or a database.
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (path, method)
        for path, item in schema["paths"].items()
        for method in item
        if path.startswith(prefix) and method in {"get", "post", "put", "patch", "delete"}
    ]


def _fuzz(app, schema, side, role, path, method):
    operation = schema[path][method.upper()]
    key = side.keys[role]
    slug = side.organization.slug
    object_id = side.objects[API_OBJECTS[path]].pk if path in API_OBJECTS else None

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.path_parameters = {
            **(case.path_parameters or {}),
            "org_slug": slug,
            **({"id": object_id} if object_id is not None else {}),
        }
        case.call_and_validate(app=app, headers={"Authorization": f"Token {key}"}, checks=CHECKS)

    run()


@pytest.mark.parametrize(("path", "method"), _operations(ORG_API))
def test_staff_api_operation_answers_as_its_schema_says(path, method, world, app, api_schema):
    mine, _theirs = world
    _fuzz(app, api_schema, mine, Role.ADMIN, path, method)


@pytest.mark.parametrize(("path", "method"), _operations(PORTAL_API))
def test_portal_api_operation_answers_as_its_schema_says(path, method, world, app, api_schema):
    mine, _theirs = world
    _fuzz(app, api_schema, mine, Role.SUPPLIER, path, method)
