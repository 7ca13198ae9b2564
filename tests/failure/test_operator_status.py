"""The operator's status sees the real processes: beat sending, a worker taking work and
each scheduled dispatcher finishing; and says so when the broker stops answering."""

import json
import subprocess
import sys

import pytest

from tests.support.stack import ROOT, wait_until

pytestmark = pytest.mark.failure


def status(stack) -> tuple[int, dict]:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "status", "--json"],
        cwd=ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    checks = {}
    for line in result.stdout.splitlines():
        check = json.loads(line)
        checks[check["check"]] = check
    return result.returncode, checks


def test_status_follows_beat_the_worker_and_the_broker(stack):
    stack.start("worker")
    stack.start("beat")

    def all_running():
        _code, checks = status(stack)
        wanted = ["beat", "worker heartbeat", "task dispatch-due-reminders"]
        return all(checks[name]["ok"] is True for name in wanted)

    wait_until(
        all_running, timeout=90, what="beat, the worker and a dispatcher", diagnose=stack.logs
    )
    code, checks = status(stack)
    assert code == 0, checks
    assert checks["database"]["ok"] and checks["broker"]["ok"]
    assert "waiting in" in checks["queue length"]["detail"]

    stack.stop_all()
    stack.redis.stop()
    code, checks = status(stack)
    assert code == 1
    assert checks["broker"]["ok"] is False and checks["database"]["ok"] is True
