"""``make run``'s steps from a data folder that does not exist yet: migrate and
collectstatic, then web, worker and beat start together, the site answers on the port it
was given, emails link to that port, and Ctrl-C stops every process.

``.ci/check_make_run.py`` proves the same of the README's command itself, on a clean clone."""

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

from tests.support.stack import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (local server)
            return response.status == 200
    except OSError:
        return False


def test_run_embedded_serves_the_site_and_ctrl_c_stops_everything(tmp_path):
    port = free_port()
    # As on a machine that never ran relmgmt: the data folder does not exist yet, and
    # migrate, the first step of make run, must make what it needs.
    var_dir = tmp_path / "var"
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("SITE_URL", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "relmgmt.settings.base",
        "RELMGMT_VAR_DIR": str(var_dir),
        "REDIS_URL": "",
    }
    manage = [sys.executable, "manage.py"]
    for step in (["migrate", "--noinput", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([*manage, *step], cwd=ROOT, env=env, check=True)  # noqa: S603
    assert (var_dir / "relmgmt.sqlite3").is_file()
    process = subprocess.Popen(  # noqa: S603
        [*manage, "run_embedded", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "run.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(
            lambda: answers(f"http://127.0.0.1:{port}/accounts/login/"),
            timeout=60,
            what="the login page",
            diagnose=lambda: (tmp_path / "run.log").read_text()[-3000:],
        )
        started = children_of(process.pid)
        assert len(started) == 3, "web, worker and beat"
        for pid in started:
            environment = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert f"SITE_URL=http://127.0.0.1:{port}".encode() in environment
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert all(not Path(f"/proc/{pid}").exists() for pid in started), "nothing left running"
        log = (tmp_path / "run.log").read_text()
        assert "Stopped web, worker and beat." in log
        assert "did not stop" not in log, "each stops on SIGTERM, none needs killing"
    finally:
        if process.poll() is None:
            process.kill()
