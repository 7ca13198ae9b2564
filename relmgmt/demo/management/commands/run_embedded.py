"""Runs the whole product on one machine: web server, Celery worker and Celery beat.

Used by ``make run``. Prints the URL and the demo logins; Ctrl-C stops every process it
started. If one process dies, the others are stopped too, so nothing runs half-way.

Each process runs in a session of its own, so a terminal's Ctrl-C (or a closed terminal)
reaches only this command, which then stops them in order: SIGTERM to each one's leader
(gunicorn's master, Celery's main process), SIGKILL to its whole process group if it has
not exited after 15 seconds, and then to any member of a group that outlived its leader.
The folders of the embedded default are made by the settings; the beat schedule's is made
here, since beat is started with it.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from relmgmt.demo.seed import DEMO_ORGANIZATIONS, DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Start web (gunicorn), a Celery worker and Celery beat; stop them all on Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, port, **options):
        schedule = Path(settings.CELERY_BEAT_SCHEDULE_FILENAME)
        schedule.parent.mkdir(parents=True, exist_ok=True)
        python = sys.executable
        commands = {
            "web": [
                python,
                "-m",
                "gunicorn",
                "relmgmt.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "4",
                "--access-logfile",
                "-",
                "--graceful-timeout",
                "5",
            ],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "relmgmt",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                "2",
                "--hostname",
                "embedded@%h",
            ],
            "beat": [
                python,
                "-m",
                "celery",
                "-A",
                "relmgmt",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(schedule),
            ],
        }
        # Links in emails point at this server unless SITE_URL says otherwise.
        env = {"SITE_URL": f"http://127.0.0.1:{port}", **os.environ}
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        # Before the first process starts: a Ctrl-C while they start stops them all too.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, stop)
        processes = {}
        exit_code = 0
        try:
            for name, command in commands.items():
                if stopping:
                    break
                processes[name] = subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
            if not stopping:
                self._announce(port)
            while not stopping:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(
                            f"{name} stopped (exit {process.returncode}); stopping all."
                        )
                        exit_code = process.returncode or 1
                        stopping = True
                time.sleep(0.5)
        finally:
            self._stop_all(processes)
        self.stdout.write("Stopped web, worker and beat.")
        if exit_code:
            sys.exit(exit_code)

    def _stop_all(self, processes):
        # SIGTERM to each leader only: gunicorn's master and Celery's main process stop
        # their own children in order (a warm shutdown). Signalled as a group, Celery's pool
        # processes die under its main process, which then waits until it is killed.
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 15
        for name, process in processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.stderr.write(f"{name} did not stop within 15 seconds; killing it.")
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
        # A leader's exit does not end its group: stop what outlived it.
        for process in processes.values():
            if _group_alive(process.pid):
                _signal_group(process.pid, signal.SIGKILL)
        deadline = time.monotonic() + 5
        while any(_group_alive(p.pid) for p in processes.values()):
            if time.monotonic() > deadline:
                self.stderr.write("Some processes did not stop after SIGKILL.")
                break
            time.sleep(0.1)

    def _announce(self, port):
        lines = [
            "",
            f"relmgmt is running at http://127.0.0.1:{port}/  (Ctrl-C stops it)",
            "Demo logins, password " + DEMO_PASSWORD + ":",
        ]
        for slug, name, _tz in DEMO_ORGANIZATIONS:
            people = ", ".join(demo_logins(slug))
            lines.append(f"  {name}: {people}")
        lines.append("Emails (invitations, password resets) are printed here.")
        self.stdout.write("\n".join(lines) + "\n")


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signum)


def _group_alive(pgid: int) -> bool:
    """Whether a process of the group still runs (zombies, waiting to be reaped, do not)."""
    proc = Path("/proc")
    if not proc.is_dir():  # no procfs (macOS): ask the kernel, zombies included
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            state, _ppid, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):
            continue
        if int(group) == pgid and state != "Z":
            return True
    return False
