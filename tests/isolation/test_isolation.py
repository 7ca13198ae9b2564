"""The generic isolation and permission suite.

It walks every URL pattern of the UI and every operation of the OpenAPI schema, as
anonymous, as a manager of another organisation, as the organisation's admin asking for
another organisation's objects, as an auditor (every write), and as a supplier portal
user (everything outside the portal). The supplier portal API is walked the portal's way:
for its portal users only, staff members refused (403) as the portal pages refuse them.
Each must be turned away the right way (login or 401, 404, 403) and leave every table and
the audit trail exactly as they were.
"""

import pytest
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from relmgmt import policy
from relmgmt.policy import Role

from .routes import ACCOUNT_LIBRARY_MODULES, API_AUDITORS_WRITE, API_OBJECTS, UI_ROUTES
from .world import snapshot

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern.callback.__module__


def ui_patterns():
    for route, name, module in _walk(get_resolver().url_patterns):
        if route.startswith("admin/") or route.startswith("api/v1/"):
            continue
        yield route, name, module


def org_route_names(kind):
    return [name for name, route in UI_ROUTES.items() if route.kind == kind]


def url_for(name, organization_slug, objects, route):
    kwargs = dict(route.constants)
    if route.kind in {"org", "portal", "respondent"}:
        kwargs["org_slug"] = organization_slug
    for argument, object_name in route.objects.items():
        kwargs[argument] = objects[object_name].pk
    return reverse(name, kwargs=kwargs)


def methods_of(route):
    return (["get"] if route.reads else []) + (["post"] if route.writes else [])


def as_user(client, membership):
    client.logout()
    client.force_login(membership.user, backend=BACKEND)
    return client


def test_every_ui_route_has_an_entry():
    missing = [
        f"{route} ({name})"
        for route, name, module in ui_patterns()
        if name not in UI_ROUTES and not module.startswith(ACCOUNT_LIBRARY_MODULES)
    ]
    assert not missing, f"Routes without an isolation entry in tests/isolation/routes.py: {missing}"


def test_every_entry_is_a_route():
    names = {name for _route, name, _module in ui_patterns()}
    assert set(UI_ROUTES) <= names


@pytest.mark.parametrize("name", org_route_names("org"))
def test_organisation_route_turns_away_everyone_who_may_not(name, world, client):
    mine, theirs = world
    route = UI_ROUTES[name]
    url = url_for(name, mine.organization.slug, mine.objects, route)
    before = snapshot()

    client.logout()
    for method in methods_of(route):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/")

    as_user(client, theirs.members[Role.MANAGER])
    for method in methods_of(route):
        assert getattr(client, method)(url).status_code == 404, (method, url)

    as_user(client, mine.members[Role.ADMIN])
    unknown = url_for(name, "no-such-org", mine.objects, route)
    for method in methods_of(route):
        assert getattr(client, method)(unknown).status_code == 404, (method, unknown)
    if route.objects:
        foreign = url_for(name, mine.organization.slug, theirs.objects, route)
        for method in methods_of(route):
            assert getattr(client, method)(foreign).status_code == 404, (method, foreign)

    permissions = resolve(url).func.org_permissions
    for role in (Role.AUDITOR, Role.SUPPLIER):
        as_user(client, mine.members[role])
        for method in methods_of(route):
            permission = permissions["read" if method == "get" else "write"]
            allowed = permission is not None and policy.role_has(role, permission)
            # Auditors never write and supplier users never leave the portal, except for
            # their own credentials and notifications (routes marked personal); auditors
            # may start what changes no record (routes marked auditors_write).
            if role == Role.AUDITOR and method != "get" and route.auditors_write:
                pass
            elif role == Role.AUDITOR and method != "get" or role == Role.SUPPLIER:
                assert not allowed or route.personal, (name, role, method)
            expected = {200, 302} if allowed else {403}
            if allowed and route.personal and route.objects:
                expected = {404}  # another member's own object: not theirs to see
            status = getattr(client, method)(url).status_code
            assert status in expected, (role, method, url, status)

    assert snapshot() == before


@pytest.mark.parametrize("name", org_route_names("portal"))
def test_portal_route_is_for_supplier_users_of_the_organisation_only(name, world, client):
    mine, theirs = world
    route = UI_ROUTES[name]
    url = url_for(name, mine.organization.slug, mine.objects, route)
    before = snapshot()
    client.logout()
    assert client.get(url).status_code == 302
    as_user(client, theirs.members[Role.SUPPLIER])
    assert client.get(url).status_code == 404
    for role in (Role.ADMIN, Role.MANAGER, Role.AUDITOR):
        as_user(client, mine.members[role])
        assert client.get(url).status_code == 403, role
    as_user(client, mine.members[Role.SUPPLIER])
    assert client.get(url).status_code == 200
    assert snapshot() == before


@pytest.mark.parametrize("name", org_route_names("account"))
def test_account_route_needs_a_signed_in_person(name, world, client):
    mine, _theirs = world
    url = url_for(name, mine.organization.slug, mine.objects, UI_ROUTES[name])
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    as_user(client, mine.members[Role.MANAGER])
    assert client.get(url).status_code in {200, 302}


@pytest.mark.parametrize("name", org_route_names("public"))
def test_public_route_reveals_no_organisation(name, world, client):
    mine, _theirs = world
    route = UI_ROUTES[name]
    url = url_for(name, mine.organization.slug, mine.objects, route)
    before = snapshot()
    for method in methods_of(route):
        response = getattr(client, method)(url)
        assert response.status_code in {200, 404}, (method, url)
        assert mine.organization.name.encode() not in response.content
    assert snapshot() == before


@pytest.mark.parametrize("name", org_route_names("respondent"))
def test_respondent_route_opens_only_with_the_organisations_own_link(name, world, client):
    """A link that names nobody, or another organisation's link under this organisation's
    address, gets the same page that names no organisation; nothing changes. The same holds
    for a visitor signed in to the other organisation, who opens a link of this one as
    anyone would."""
    mine, theirs = world
    route = UI_ROUTES[name]
    # The public pages count each client's requests per organisation for ten minutes; the
    # tests before this one on the same worker may have used up that count.
    cache.clear()
    before = snapshot()
    for visitor in (None, theirs.members[Role.MANAGER]):
        if visitor is not None:
            as_user(client, visitor)
        for token in (route.constants["token"], theirs.objects["survey_link"]):
            url = reverse(name, kwargs={"org_slug": mine.organization.slug, "token": token})
            for method in methods_of(route):
                response = getattr(client, method)(url)
                assert response.status_code == 404, (method, url, visitor)
                assert mine.organization.name.encode() not in response.content
                assert theirs.organization.name.encode() not in response.content
        unknown = reverse(
            name, kwargs={"org_slug": "no-such-org", "token": mine.objects["survey_link"]}
        )
        assert client.get(unknown).status_code == 404
        own = reverse(
            name, kwargs={"org_slug": mine.organization.slug, "token": mine.objects["survey_link"]}
        )
        assert client.get(own).status_code == 200, visitor
    assert snapshot() == before


@pytest.mark.parametrize("name", org_route_names("operator"))
def test_operator_route_refuses_every_organisation_role(name, world, client):
    """The operator's pages are for superusers: a visitor is sent to sign in, and every
    role of every organisation, admins included, is refused; nothing changes."""
    mine, theirs = world
    route = UI_ROUTES[name]
    url = url_for(name, mine.organization.slug, mine.objects, route)
    before = snapshot()
    client.logout()
    for method in methods_of(route):
        response = getattr(client, method)(url)
        assert response.status_code == 302, (method, url)
        assert response["Location"].startswith("/accounts/login/")
    for membership in [*mine.members.values(), theirs.members[Role.ADMIN]]:
        as_user(client, membership)
        for method in methods_of(route):
            status = getattr(client, method)(url).status_code
            assert status == 403, (membership.role, method, url, status)
    assert snapshot() == before
    assert resolve(url).func.operator_only


def test_account_library_pages_answer_anonymous_visitors_without_error(client, world):
    for route, name, module in ui_patterns():
        if not module.startswith(ACCOUNT_LIBRARY_MODULES) or "(?P<" in route:
            continue
        response = client.get(reverse(name))
        assert response.status_code in {200, 302, 404}, (name, response.status_code)


def test_django_admin_is_for_superusers_only(client, world):
    mine, _theirs = world
    as_user(client, mine.members[Role.ADMIN])
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    response = client.get("/admin/tenancy/membership/")
    assert response.status_code == 302


# --- API: every operation of the OpenAPI schema ---------------------------------------


ORG_API = "/api/v1/o/{org_slug}/"
PORTAL_API = "/api/v1/portal/{org_slug}/"


def api_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in item:
            if method in {"get", "post", "put", "patch", "delete"}:
                yield path, method


def org_api_operations():
    return [(path, method) for path, method in api_operations() if path.startswith(ORG_API)]


def portal_api_operations():
    return [(path, method) for path, method in api_operations() if path.startswith(PORTAL_API)]


def api_url(path, slug, objects):
    url = path.replace("{org_slug}", slug)
    if "{id}" in url:
        url = url.replace("{id}", str(objects[API_OBJECTS[path]].pk))
    return url


def api_client(key=None):
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def call(client, method, url):
    return getattr(client, method)(url, data={}, format="json")


def test_every_api_operation_with_an_object_has_an_entry():
    operations = list(api_operations())
    assert operations
    missing = [path for path, _m in operations if "{id}" in path and path not in API_OBJECTS]
    assert not missing
    assert set(API_OBJECTS) <= {path for path, _m in operations}


def test_every_api_operation_is_the_organisations_or_the_portals():
    walked = {*org_api_operations(), *portal_api_operations()}
    assert portal_api_operations()
    assert set(api_operations()) == walked


@pytest.mark.parametrize(("path", "method"), org_api_operations())
def test_api_operation_turns_away_everyone_who_may_not(path, method, world):
    mine, theirs = world
    url = api_url(path, mine.organization.slug, mine.objects)
    before = snapshot()

    assert call(api_client(), method, url).status_code == 401

    assert call(api_client(theirs.keys[Role.MANAGER]), method, url).status_code == 404
    assert call(api_client(theirs.keys[Role.ADMIN]), method, url).status_code == 404
    session = APIClient()
    session.force_login(theirs.members[Role.ADMIN].user, backend=BACKEND)
    assert call(session, method, url).status_code == 404

    admin_key = mine.keys[Role.ADMIN]
    unknown = api_url(path, "no-such-org", mine.objects)
    assert call(api_client(admin_key), method, unknown).status_code == 404
    if "{id}" in path:
        foreign = api_url(path, mine.organization.slug, theirs.objects)
        assert call(api_client(admin_key), method, foreign).status_code == 404

    if method in WRITE_METHODS:
        auditor = call(api_client(mine.keys[Role.AUDITOR]), method, url).status_code
        # An empty body: refused for what it lacks, not for the role.
        assert auditor == (400 if (path, method) in API_AUDITORS_WRITE else 403)
    assert call(api_client(mine.keys[Role.SUPPLIER]), method, url).status_code == 403

    assert snapshot() == before


@pytest.mark.parametrize(("path", "method"), portal_api_operations())
def test_portal_api_operation_is_for_supplier_users_of_the_organisation_only(path, method, world):
    mine, theirs = world
    url = api_url(path, mine.organization.slug, mine.objects)
    before = snapshot()

    assert call(api_client(), method, url).status_code == 401

    # Another organisation's portal user or manager, by token or session: not found.
    assert call(api_client(theirs.keys[Role.SUPPLIER]), method, url).status_code == 404
    assert call(api_client(theirs.keys[Role.MANAGER]), method, url).status_code == 404
    session = APIClient()
    session.force_login(theirs.members[Role.SUPPLIER].user, backend=BACKEND)
    assert call(session, method, url).status_code == 404

    supplier_key = mine.keys[Role.SUPPLIER]
    unknown = api_url(path, "no-such-org", mine.objects)
    assert call(api_client(supplier_key), method, unknown).status_code == 404
    if "{id}" in path:
        foreign = api_url(path, mine.organization.slug, theirs.objects)
        assert call(api_client(supplier_key), method, foreign).status_code == 404

    # Staff members: refused, as the portal pages refuse them.
    for role in (Role.ADMIN, Role.MANAGER, Role.AUDITOR):
        assert call(api_client(mine.keys[role]), method, url).status_code == 403, role

    assert snapshot() == before
    if method == "get":
        assert call(api_client(supplier_key), method, url).status_code == 200
