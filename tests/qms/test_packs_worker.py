"""An evidence pack asked for by an auditor is built by a real Celery worker, under the
media folder, and opens: its parties' CSV holds the organisation's parties."""

import csv
import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_real_worker_builds_the_evidence_pack(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relmgmt.settings.base",
        "RELMGMT_VAR_DIR": str(tmp_path),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    for folder in ("broker/queue", "broker/processed", "broker/control"):
        (tmp_path / folder).mkdir(parents=True)

    def driver(command):
        return subprocess.run(  # noqa: S603
            [sys.executable, "-m", "tests.support.pack_driver", command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.strip()

    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        timeout=300,
        check=True,
    )
    driver("seed")
    driver("request")
    assert driver("status").split()[0] == "queued"  # nothing runs it but the worker
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "celery", "-A", "relmgmt", "worker", "--pool", "solo"]
        + ["--loglevel", "WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 90
        while (found := driver("status").splitlines()[-1]).split()[0] != "done":
            assert found.split()[0] != "failed", found
            assert time.monotonic() < deadline, f"no pack in 90 s: {found}"
            time.sleep(1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    _status, done, total, path = found.split()
    assert done == total
    assert Path(path).is_relative_to(tmp_path / "media")
    archive = zipfile.ZipFile(path)
    parties = list(csv.DictReader(io.StringIO(archive.read("4.2/parties.csv").decode("utf-8-sig"))))
    assert sorted(row["name"] for row in parties) == ["Alpha", "Beta", "Gamma"]
    assert b"Chain intact" in archive.read("7.5/chain-verification.txt")
