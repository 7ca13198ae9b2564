"""The production settings: `check --deploy` is clean, and they refuse to start unconfigured.

Each test runs manage.py in a fresh process, as a deployment would, with only the
environment a deployment sets: no database server (SQLite under a temporary directory).
"""

import os
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

# Variables the settings read that a test must not inherit from the shell that runs it.
SETTINGS_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "REDIS_URL",
    "RELMGMT_VAR_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "EMAIL_BACKEND",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "RELMGMT_DEMO_SERVER",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_PORT",
    "LOG_FORMAT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests in their own process
)


def production_environment(var_dir: Path, **overrides: str) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "relmgmt.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "relmgmt.example.com",
            "RELMGMT_VAR_DIR": str(var_dir),
        }
    )
    env.update(overrides)
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = production_environment(tmp_path)
    assert len(env["SECRET_KEY"]) >= 50
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "warning" not in output.lower(), output
    # Nothing is silenced (SILENCED_SYSTEM_CHECKS stays empty).
    assert "System check identified no issues (0 silenced)." in result.stdout, output


@pytest.mark.parametrize("secret_key", [None, "", "   "], ids=["unset", "empty", "blank"])
def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path, secret_key):
    env = production_environment(tmp_path)
    if secret_key is None:
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = secret_key
    result = manage(env, "check")
    assert result.returncode != 0, result.stdout + result.stderr
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_seed_demo_refuses_to_run_under_production_settings(tmp_path):
    result = manage(production_environment(tmp_path), "seed_demo")
    assert result.returncode != 0
    assert "refuses to run under the production settings" in result.stderr
    assert "RELMGMT_DEMO_SERVER=true" in result.stderr and "create_organization" in result.stderr


def test_a_demo_server_seeds_and_says_so_on_every_page(db, client, settings):
    settings.RELMGMT_PRODUCTION = True
    settings.RELMGMT_DEMO_SERVER = True
    call_command("seed_demo", stdout=StringIO())
    assert b"Demo server." in client.get("/accounts/login/").content
    client.login(email="admin@acme.example", password="relmgmt-demo")
    assert b"Demo server." in client.get("/o/acme/").content
    assert b"Demo server." in client.get("/o/no-such-org/").content


def test_pages_of_an_ordinary_server_carry_no_demo_banner(db, client):
    assert b"Demo server." not in client.get("/accounts/login/").content
