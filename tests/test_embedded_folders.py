"""The embedded default makes its own folders when the settings are read: a fresh clone
has no ``var/``, and ``make run`` starts with ``manage.py migrate``, before anything else
could make them (``test_run_embedded`` runs make run's steps from a missing folder).

Each test reads the settings in a fresh process, with RELMGMT_VAR_DIR pointing at a folder
that does not exist yet, as on a machine that never ran relmgmt.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BROKER_FOLDERS = ("broker/queue", "broker/processed", "broker/control")


def environment(var_dir: Path, **overrides: str) -> dict:
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in ("MEDIA_ROOT", "STATIC_ROOT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "relmgmt.settings.base",
            "RELMGMT_VAR_DIR": str(var_dir),
            "DATABASE_URL": "",
            "REDIS_URL": "",
        }
    )
    env.update(overrides)
    return env


def read_settings(env: dict) -> subprocess.CompletedProcess:
    """A fresh process that reads the settings, as every entry point does first."""
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DATABASES"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def made(var_dir: Path) -> list[str]:
    return sorted(p.relative_to(var_dir).as_posix() for p in var_dir.rglob("*"))


EMBEDDED = sorted(["broker", "cache", *BROKER_FOLDERS])


def test_the_settings_make_the_embedded_folders(tmp_path):
    var_dir = tmp_path / "never" / "ran" / "var"
    result = read_settings(environment(var_dir))
    assert result.returncode == 0, result.stderr
    assert made(var_dir) == EMBEDDED


def test_with_postgresql_and_redis_the_settings_make_no_folder(tmp_path):
    var_dir = tmp_path / "mounted-volume"
    env = environment(
        var_dir,
        DATABASE_URL="postgres://relmgmt@127.0.0.1:5432/relmgmt",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    result = read_settings(env)
    assert result.returncode == 0, result.stderr
    assert not var_dir.exists()


def test_a_database_server_alone_still_gets_the_broker_and_cache_folders(tmp_path):
    var_dir = tmp_path / "var"
    result = read_settings(
        environment(var_dir, DATABASE_URL="postgres://relmgmt@127.0.0.1:5432/relmgmt")
    )
    assert result.returncode == 0, result.stderr
    assert made(var_dir) == EMBEDDED


def test_a_var_dir_that_cannot_be_made_says_which_setting_to_change(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    result = read_settings(environment(tmp_path / "a-file" / "var"))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "set RELMGMT_VAR_DIR to a writable directory" in result.stderr


def test_every_postgresql_url_gets_the_backend_that_keys_tenant_tables(tmp_path):
    """docs/scaling.md: tenant tables keyed by organisation, whichever spelling of the URL."""
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    for url, engine in [
        ("postgres://relmgmt@127.0.0.1:5432/relmgmt", "relmgmt.core.db.postgresql"),
        ("postgresql://relmgmt@127.0.0.1:5432/relmgmt", "relmgmt.core.db.postgresql"),
        (f"sqlite:///{tmp_path}/db.sqlite3", "django.db.backends.sqlite3"),
    ]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env=environment(tmp_path / "var", DATABASE_URL=url),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == engine
