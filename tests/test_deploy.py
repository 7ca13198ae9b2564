"""The production settings: `check --deploy` is clean, and they refuse to start unconfigured.

Each test runs manage.py in a fresh process, as a deployment would, with only the
environment a deployment sets: no database server (SQLite under a temporary directory).
"""

import ast
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent

# Variables the settings read that a test must not inherit from the shell that runs it.
SETTINGS_VARIABLES = (
    "DJANGO_SETTINGS_MODULE",
    "SECRET_KEY",
    "RELMGMT_AUDIT_KEY",
    "RELMGMT_AUDIT_KEY_VERSION",
    "RELMGMT_AUDIT_OLD_KEYS",
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
            "RELMGMT_AUDIT_KEY": secrets.token_urlsafe(50),
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
    # Only the two HSTS checks are silenced, while HSTS for subdomains and preload are off
    # (the default: the domain's owner chooses them).
    assert "System check identified no issues (2 silenced)." in result.stdout, output


def test_check_deploy_silences_nothing_once_hsts_subdomains_and_preload_are_chosen(tmp_path):
    env = production_environment(
        tmp_path, SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true"
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert "System check identified no issues (0 silenced)." in result.stdout, result.stderr


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


def dockerfile_command() -> list[str]:
    """The image's default command (the web server), as the Dockerfile's CMD writes it."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    line = next(line for line in text.splitlines() if line.startswith("CMD "))
    return json.loads(line.removeprefix("CMD "))


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """Ports free now and distinct: each probe stays bound until all are chosen (the
    system may hand out a port again as soon as its probe is closed)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def test_the_web_server_starts_without_errors_under_a_home_it_cannot_write(tmp_path):
    """The image's user has a home it cannot write (/app): gunicorn starts as the image
    starts it, answers /healthz, and logs no error (its control socket is off)."""
    port = free_port()
    command = dockerfile_command()
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    command[command.index("--worker-tmp-dir") + 1] = str(tmp_path)
    (tmp_path / "home").write_text("a file, so no directory can be made under it")
    env = production_environment(tmp_path / "var", HOME=str(tmp_path / "home"))
    env.pop("XDG_RUNTIME_DIR", None)
    executable = str(Path(sys.executable).with_name(command[0]))
    server = subprocess.Popen(
        [executable, *command[1:]], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True
    )
    try:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/healthz",
            headers={"Host": "relmgmt.example.com", "X-Forwarded-Proto": "https"},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None, "gunicorn stopped"
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.3)
    finally:
        server.terminate()
        _out, log = server.communicate(timeout=60)
    assert "Control server error" not in log, log
    assert "[ERROR]" not in log, log


def production_settings(env: dict, *names: str) -> dict:
    code = "from django.conf import settings; print(repr({n: getattr(settings, n) for n in %s}))"
    code = code.replace("%s", repr(names))
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip().splitlines()[-1])


def test_mail_and_hsts_defaults_are_the_cautious_ones(tmp_path):
    values = production_settings(
        production_environment(tmp_path),
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        "EMAIL_PORT",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_HSTS_SECONDS",
    )
    assert values == {
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": False,
        "EMAIL_PORT": 25,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_HSTS_SECONDS": 31536000,
    }


def test_mail_over_tls_from_the_start_on_port_465(tmp_path):
    env = production_environment(tmp_path, EMAIL_USE_SSL="true", EMAIL_PORT="465")
    values = production_settings(env, "EMAIL_USE_SSL", "EMAIL_USE_TLS", "EMAIL_PORT")
    assert values == {"EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False, "EMAIL_PORT": 465}


def test_mail_refuses_starttls_and_ssl_together(tmp_path):
    env = production_environment(tmp_path, EMAIL_USE_SSL="true", EMAIL_USE_TLS="true")
    result = manage(env, "check")
    assert result.returncode != 0 and "not both" in result.stderr


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def seconds(duration: str) -> int:
    assert duration.endswith("s"), duration
    return int(duration[:-1])


def test_compose_gives_each_process_the_time_it_takes_to_stop():
    services = compose()["services"]
    command = dockerfile_command()
    graceful = int(command[command.index("--graceful-timeout") + 1])
    assert seconds(services["web"]["stop_grace_period"]) > graceful
    assert seconds(services["worker"]["stop_grace_period"]) >= 60


def test_compose_passes_the_mail_and_hsts_choices_with_cautious_defaults():
    environment = compose()["x-app"]["environment"]
    assert environment["EMAIL_USE_TLS"] == "${EMAIL_USE_TLS:-false}"
    assert environment["EMAIL_USE_SSL"] == "${EMAIL_USE_SSL:-false}"
    assert environment["SECURE_HSTS_INCLUDE_SUBDOMAINS"].endswith(":-false}")
    assert environment["SECURE_HSTS_PRELOAD"].endswith(":-false}")
    assert environment["RELMGMT_DEMO_SERVER"].endswith(":-false}")


def test_json_logs_are_one_object_a_line(tmp_path):
    env = production_environment(tmp_path, LOG_FORMAT="json")
    code = "import logging; logging.getLogger('relmgmt.test').warning('hello %s', 'there')"
    result = manage(env, "shell", "--no-imports", "-c", code)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello there" and line["level"] == "WARNING"
    assert {"time", "logger", "organization", "request_id"} <= set(line)


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """Each pinned package of a lock file: its version and how many hashes it carries."""
    found: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, version = line.split(" ")[0].split("==")
            current = canonical(name)
            found[current] = (version, 0)
        elif "--hash=sha256:" in line and current:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: list[str]) -> dict[str, str]:
    result = {}
    for requirement in requirements:
        name, version = requirement.split("==")
        result[canonical(name.split("[")[0])] = version.strip()
    return result


def test_the_lock_files_pin_what_pyproject_pins_and_hash_every_package():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = locked(ROOT / "requirements.lock")
    development = locked(ROOT / "requirements-dev.lock")
    for name, version in pins(project["dependencies"]).items():
        assert runtime.get(name, ("missing",))[0] == version, name
    for name, version in pins(project["optional-dependencies"]["dev"]).items():
        assert development.get(name, ("missing",))[0] == version, name
    for name, (version, _hashes) in runtime.items():
        assert development[name][0] == version, f"{name}: the two lock files differ"
    unhashed = [name for name, (_v, hashes) in {**runtime, **development}.items() if not hashes]
    assert not unhashed, unhashed


def test_the_image_and_make_install_from_the_lock_files_with_hashes():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r /tmp/requirements.lock" in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install --quiet --require-hashes -r requirements-dev.lock" in makefile
    assert ".ci/check_lock.sh" in (ROOT / ".ci" / "run").read_text()
