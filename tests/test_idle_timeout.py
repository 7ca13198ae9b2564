"""An idle session ends: a member who did nothing on the organisation's pages for longer
than the organisation's idle timeout (60 minutes unless set) signs in again."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmgmt.tenancy.sessions import SESSION_KEY, SETTING, IdleTimeout


def _idle_for(client, minutes):
    session = client.session
    session[SESSION_KEY] = int(time.time()) - minutes * 60
    session.save()


def test_a_session_idle_past_the_default_hour_signs_in_again(manager, client_for):
    client = client_for(manager)
    home = f"/o/{manager.organization.slug}/"
    assert client.get(home).status_code == 200
    _idle_for(client, 59)
    assert client.get(home).status_code == 200
    _idle_for(client, 61)
    response = client.get(home)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    assert client.get(home).status_code == 302


def test_the_organisation_sets_its_own_timeout(manager, client_for):
    organization = manager.organization
    organization.settings = {**(organization.settings or {}), SETTING: 10}
    organization.save()
    client = client_for(manager)
    home = f"/o/{organization.slug}/"
    client.get(home)
    _idle_for(client, 11)
    assert client.get(home).status_code == 302


def test_the_timeout_setting_is_kept_within_bounds(org):
    section = IdleTimeout()
    assert section.clean(org, "15") == {SETTING: 15}
    for bad in ("2", "5000", "soon"):
        with pytest.raises(ValidationError):
            section.clean(org, bad)


def test_activity_is_noted_at_most_once_a_minute(manager, client_for):
    """A page writes nothing to its session within a minute of the last note: no write and
    no commit on every request. The note moves on once the minute has passed."""
    client = client_for(manager)
    home = f"/o/{manager.organization.slug}/"
    client.get(home)
    noted = client.session[SESSION_KEY]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(home).status_code == 200
    assert not [query for query in queries if "django_session" in query["sql"]]
    assert client.session[SESSION_KEY] == noted
    _idle_for(client, 2)
    client.get(home)
    assert client.session[SESSION_KEY] >= int(time.time()) - 5
