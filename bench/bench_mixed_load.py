"""Mixed load: people of both demo organisations, in every role, on gunicorn and PostgreSQL.

It needs PostgreSQL and Redis: on SQLite it says it is skipped. The demo is loaded into a
fresh PostgreSQL database beside DATABASE_URL's, with a private Redis;
``bench.seed_mixed_load`` signs in ``BENCH_MIX_USERS`` people (50 by default: in each
organisation 10 quality managers, 5 auditors, 3 admins and 7 portal users of the four demo
suppliers to 25 people) before the clock starts, as real users are signed in already: the
sign-in, its password hash and its rate limit per client are not what is measured. Locust
(``bench.mixed_load_users``) then runs, against one gunicorn (``BENCH_WEB_WORKERS`` sync
workers, 3 by default, as docker-compose.yml) serving ``bench.settings``:

1. after 10 s of warm-up, the people browse for ``BENCH_MIX_SECONDS`` (300) with 1 to 5 s to
   read each page: a weighted mix of about fifty pages and a dozen API calls (with their
   tokens; one call for six pages).
   Printed per page and call: requests, errors (anything but a 200; the aim is none), and
   the 50th, 95th and 99th percentiles of the response time;
2. the saturation run: the same people and mix with no time between requests, and the
   bare views on the same server with as many users: a bare page signed in (``bench.urls``:
   one query behind the session, user, organisation and membership, as the list benchmarks'
   bare views: the bare view of the aim) and ``/healthz`` (``SELECT 1``, no session, no
   user: the floor, which no page of a signed-in person can reach). Each gets
   ``BENCH_SATURATION_SECONDS`` (60) in all, in 3 rounds taking turns. Printed: requests per
   second of each, and the mix's rate as a share of each (aim: at least 0.25 of the signed-in
   bare page's).

The load generator runs on the same machine; a note is printed when Locust reported being
short of CPU. The machine's load average is printed beside each phase.
"""

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from tests.support.stack import ROOT, PrivateRedis, SharedDatabase, Stack, wait_until

USERS = int(os.environ.get("BENCH_MIX_USERS", "50"))
MIX_SECONDS = int(os.environ.get("BENCH_MIX_SECONDS", "300"))
SATURATION_SECONDS = int(os.environ.get("BENCH_SATURATION_SECONDS", "60"))
SATURATION_ROUNDS = 3
WEB_WORKERS = os.environ.get("BENCH_WEB_WORKERS", "3")
WARM_UP_SECONDS = 10
AIM = 0.25


def run():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("skipped: the mixed load needs PostgreSQL and Redis (DATABASE_URL=postgres://...)")
        return
    folder = Path(tempfile.mkdtemp(prefix="relmgmt-bench-mixed-"))
    database = SharedDatabase(folder)
    broker = PrivateRedis(folder)
    broker.start()
    stack = Stack(folder, database, broker)
    people = folder / "people.json"
    try:
        stack.run("manage.py", "migrate", "--noinput", "-v0")
        stack.run("-m", "bench.seed_mixed_load", str(USERS), str(people))
        stack.env["DJANGO_SETTINGS_MODULE"] = "bench.settings"  # the bare views' URLs
        stack.start("web", "--workers", WEB_WORKERS)
        stack.start("worker")
        host = f"http://127.0.0.1:{stack.web_port}"
        wait_until(
            lambda: answers(f"{host}/healthz"), timeout=60, what="gunicorn", diagnose=stack.logs
        )
        locust = Locust(folder, host, people)
        locust.run("warm-up", "SaturatingUser", WARM_UP_SECONDS)
        print(
            f"{USERS} people signed in; gunicorn with {WEB_WORKERS} workers, a Celery worker, "
            "PostgreSQL, Redis and Locust on this machine"
        )
        browsing(locust)
        saturation(locust)
    finally:
        stack.stop_all()
        broker.stop()
        database.drop()
        shutil.rmtree(folder, ignore_errors=True)


def browsing(locust: "Locust") -> None:
    think = locust.run("browsing", "BrowsingUser", MIX_SECONDS)
    print(f"\nbrowsing with 1 to 5 s to read each page, {MIX_SECONDS} s ({think.load}):")
    print_table(think.rows)
    total = think.total
    print(
        f"  {'all':42} {total['requests']:8,} {total['errors']:6,} {total['p50']:6,.0f} "
        f"{total['p95']:6,.0f} {total['p99']:6,.0f}  ({total['rps']:.1f} requests/s; "
        "aim: no errors)"
    )
    think.print_problems()


def saturation(locust: "Locust") -> None:
    """The mix and the bare views in turn, in rounds: on a shared machine the load drifts,
    and taking turns lets each meet the same drift."""
    runs = {"the mix": "SaturatingUser", "/healthz": "HealthzUser", "signed in": "SignedInBareUser"}
    results: dict[str, list[Result]] = {label: [] for label in runs}
    seconds = max(SATURATION_SECONDS // SATURATION_ROUNDS, 1)
    for number in range(SATURATION_ROUNDS):
        for label, user_class in runs.items():
            result = locust.run(f"saturation-{number}-{user_class}", user_class, seconds)
            results[label].append(result)
    rates = {}
    print(
        f"\nsaturation: {USERS} users with no time between requests, {SATURATION_ROUNDS} "
        f"rounds of {seconds} s each, in turn ({result.load}):"
    )
    for label, text in (
        ("the mix", "the mix"),
        ("/healthz", "/healthz (floor)"),
        ("signed in", "bare view signed in"),
    ):
        requests = sum(result.total["requests"] for result in results[label])
        measured = sum(
            result.total["requests"] / result.total["rps"]
            for result in results[label]
            if result.total["rps"]
        )
        errors = sum(result.total["errors"] for result in results[label])
        rates[label] = requests / measured if measured else 0.0
        print(f"  {text:22} {rates[label]:7,.0f} requests/s  ({requests:,}, {errors:,} errors)")
    print(f"  the mix / signed in:     {rates['the mix'] / rates['signed in']:.2f} (aim: {AIM})")
    print(f"  the mix / /healthz:      {rates['the mix'] / rates['/healthz']:.2f} (the floor)")
    for result in (result for label in results for result in results[label]):
        result.print_problems()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


class Result:
    """One Locust run's figures, read from its CSV files: per request name and in total."""

    def __init__(self, prefix: Path, log: Path, load: str):
        with open(f"{prefix}_stats.csv") as stats:
            rows = [self._row(line) for line in csv.DictReader(stats)]
        self.rows = [row for row in rows if row["name"] != "Aggregated"]
        self.total = next(row for row in rows if row["name"] == "Aggregated")
        with open(f"{prefix}_failures.csv") as failures:
            self.failures = list(csv.DictReader(failures))
        self.short_of_cpu = "CPU usage" in log.read_text()
        self.load = load
        self.label = prefix.name

    @staticmethod
    def _row(line: dict) -> dict:
        def number(key: str) -> float:
            value = line[key]
            return float(value) if value not in ("", "N/A") else 0.0

        return {
            "name": line["Name"],
            "requests": int(line["Request Count"]),
            "errors": int(line["Failure Count"]),
            "rps": number("Requests/s"),
            "p50": number("50%"),
            "p95": number("95%"),
            "p99": number("99%"),
        }

    def print_problems(self) -> None:
        for failure in self.failures:
            print(
                f"  errors in {self.label}: {failure['Name']}: {failure['Error']} "
                f"({failure['Occurrences']} times)"
            )
        if self.short_of_cpu:
            print(f"  note: Locust reported being short of CPU during {self.label}")


class Locust:
    """Runs Locust headless against the server, one user class at a time, as many users as
    people, all started at once; the figures count from when the last one started."""

    def __init__(self, folder: Path, host: str, people: Path):
        self.folder = folder
        self.host = host
        self.env = {**os.environ, "MIXED_LOAD_PEOPLE": str(people)}

    def run(self, label: str, user_class: str, seconds: int) -> Result:
        prefix = self.folder / label
        log = self.folder / f"locust-{label}.log"
        command = [sys.executable, "-m", "locust", "-f", "bench/mixed_load_users.py"]
        command += ["--headless", "--host", self.host, "--users", str(USERS)]
        command += ["--spawn-rate", str(USERS), "--run-time", f"{seconds}s", "--reset-stats"]
        command += ["--csv", str(prefix), "--only-summary", user_class]
        with open(log, "w") as output:
            # Locust exits with 1 when a request failed: the failures are read and printed.
            subprocess.run(  # noqa: S603
                command,
                cwd=ROOT,
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                timeout=seconds + 120,
                check=False,
            )
        return Result(prefix, log, load_average())


def load_average() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load average {one:.1f}, {five:.1f} over 5 min, {os.cpu_count()} cores"


def print_table(rows: list[dict]) -> None:
    print(
        f"  {'page or call (ms)':42} {'requests':>8} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6}"
    )
    for row in sorted(rows, key=lambda row: (-row["requests"], row["name"])):
        print(
            f"  {row['name']:42} {row['requests']:8,} {row['errors']:6,} "
            f"{row['p50']:6,.0f} {row['p95']:6,.0f} {row['p99']:6,.0f}"
        )
