"""Nobody learns which organisations exist: an organisation that exists but is not yours
answers exactly as one that does not exist, on the pages and in the API, signed in or not."""

import re

from rest_framework.test import APIClient

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"
# What differs from one request to the next: the CSP nonce and the CSRF token.
PER_REQUEST = re.compile(
    rb'nonce="[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"'
)


def _page(response):
    return PER_REQUEST.sub(b"", response.content)


def test_a_member_of_another_organisation_gets_the_unknown_organisations_404(
    org, outsider, client_for
):
    client = client_for(outsider)
    theirs = client.get(f"/o/{org.slug}/suppliers/")
    unknown = client.get("/o/no-such-organisation/suppliers/")
    assert theirs.status_code == unknown.status_code == 404
    assert org.name.encode() not in theirs.content
    assert _page(theirs) == _page(unknown)


def test_anonymous_visitors_are_sent_to_sign_in_for_any_slug(org, client):
    theirs = client.get(f"/o/{org.slug}/suppliers/")
    unknown = client.get("/o/no-such-organisation/suppliers/")
    assert theirs.status_code == unknown.status_code == 302
    assert theirs["Location"].startswith("/accounts/login/?next=")
    assert unknown["Location"].startswith("/accounts/login/?next=")


# Each answer carries its own request id (for following it through the logs).
PER_REQUEST_HEADERS = ("X-Request-ID",)


def _same_api_answer(first, second):
    assert first.status_code == second.status_code
    assert first.content == second.content
    assert first["X-Request-ID"] != second["X-Request-ID"]

    def headers(response):
        return sorted((k, v) for k, v in response.headers.items() if k not in PER_REQUEST_HEADERS)

    assert headers(first) == headers(second)


def test_the_api_answers_another_organisation_and_no_organisation_alike(
    org, outsider, api_client_for
):
    path = "/api/v1/o/{}/suppliers/"
    token = api_client_for(outsider)
    _same_api_answer(token.get(path.format(org.slug)), token.get(path.format("no-such-org")))
    session = APIClient()
    session.force_login(outsider.user, backend=BACKEND)
    first = session.get(path.format(org.slug))
    assert first.status_code == 404
    _same_api_answer(first, session.get(path.format("no-such-org")))
    anonymous = APIClient()
    first = anonymous.get(path.format(org.slug))
    assert first.status_code == 401
    _same_api_answer(first, anonymous.get(path.format("no-such-org")))
