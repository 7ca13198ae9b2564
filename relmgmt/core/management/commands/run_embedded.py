"""Runs the whole product on one machine: web server, Celery worker and Celery beat.

Used by ``make run``. Prints the URL and the demo logins; Ctrl-C stops every process it
started. If one process dies, the others are stopped too, so nothing runs half-way.
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from relmgmt.core.demo import DEMO_ORGANIZATIONS, DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Start web (gunicorn), a Celery worker and Celery beat; stop them all on Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args, port, **options):
        for folder in ("queue", "processed", "control"):
            (settings.VAR_DIR / "broker" / folder).mkdir(parents=True, exist_ok=True)
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
                str(settings.CELERY_BEAT_SCHEDULE_FILENAME),
            ],
        }
        # Links in emails point at this server unless SITE_URL says otherwise.
        env = {"SITE_URL": f"http://127.0.0.1:{port}", **os.environ}
        processes = {
            name: subprocess.Popen(command, env=env, start_new_session=True)  # noqa: S603
            for name, command in commands.items()
        }
        self._announce(port)
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        exit_code = 0
        while not stopping:
            for name, process in processes.items():
                if process.poll() is not None:
                    self.stderr.write(f"{name} stopped (exit {process.returncode}); stopping all.")
                    exit_code = process.returncode or 1
                    stopping = True
            time.sleep(0.5)
        self._stop_all(processes)
        self.stdout.write("Stopped web, worker and beat.")
        if exit_code:
            sys.exit(exit_code)

    def _stop_all(self, processes):
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

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
