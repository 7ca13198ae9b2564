"""A check of the hash chain asked for on the page runs in a real Celery worker, and a
chain altered behind the application's back is found broken there too."""

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_a_real_worker_runs_the_verification_job_and_finds_a_tampered_chain(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relmgmt.settings.base",
        "RELMGMT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    for folder in ("broker/queue", "broker/processed", "broker/control"):
        (tmp_path / folder).mkdir(parents=True)

    def run(*args):
        return subprocess.run(  # noqa: S603
            [sys.executable, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout

    def driver(command):
        return run("-m", "tests.support.audit_driver", command).strip()

    def wait_for(expected_status):
        deadline = time.monotonic() + 60
        while (found := driver("status").splitlines()[-1]).split()[0] != expected_status:
            assert time.monotonic() < deadline, f"no {expected_status} check in 60 s: {found}"
            time.sleep(1)
        return found

    run("manage.py", "migrate", "--noinput", "-v0")
    driver("seed")
    driver("request")
    assert (
        driver("status").splitlines()[-1].split()[0] == "queued"
    )  # nothing runs it but the worker
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "relmgmt", "worker", "--pool", "solo"]
        + ["--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        status, checked, _broken_at = wait_for("intact").split()
        assert int(checked) >= 5  # the organisation, the membership, three parties
        driver("tamper")
        driver("request")
        assert wait_for("broken").split()[2] == "3"
    finally:
        worker.terminate()
        worker.wait(timeout=30)
