"""Real processes for the tests and benchmarks that need them: a private Redis (restartable,
empty), Celery worker and beat and a gunicorn in their own process groups, and a database of
their own that they and the caller all share (a file for SQLite; a fresh database on
PostgreSQL when DATABASE_URL is set)."""

import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, *, timeout: float, what: str, diagnose=lambda: ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.\n{diagnose()}")


class PrivateRedis:
    """A redis-server of the test's own, keeping nothing on disk, so a restart is empty."""

    def __init__(self, folder: Path):
        self.port = free_port()
        self.folder = folder
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        wait_until(self.answers, timeout=10, what="redis-server to start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def restart_empty(self) -> None:
        self.stop()
        self.start()


class SharedDatabase:
    """A migrated database the worker, beat and the test reach over real connections."""

    def __init__(self, folder: Path, template: "SharedDatabase | None" = None):
        server_url = os.environ.get("DATABASE_URL", "")
        self.postgres = server_url.startswith("postgres")
        if self.postgres:
            self.name = f"relmgmt_failure_{uuid.uuid4().hex[:12]}"
            parts = urlsplit(server_url)
            self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
            self.admin_url = urlunsplit(parts._replace(path="/postgres"))
            self._admin(
                f'CREATE DATABASE "{self.name}"'
                + (f' TEMPLATE "{template.name}"' if template else "")
            )
        else:
            self.path = folder / "relmgmt.sqlite3"
            self.url = f"sqlite:///{self.path}"
            if template:
                shutil.copyfile(template.path, self.path)

    def _admin(self, sql: str) -> None:
        connection = psycopg2.connect(self.admin_url)
        connection.autocommit = True
        try:
            connection.cursor().execute(sql)
        finally:
            connection.close()

    def rows(self, sql: str) -> list[tuple]:
        if self.postgres:
            connection = psycopg2.connect(self.url)
            try:
                cursor = connection.cursor()
                cursor.execute(sql)
                return cursor.fetchall()
            finally:
                connection.close()
        connection = sqlite3.connect(self.path, timeout=20)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    def execute(self, sql: str) -> None:
        """Run one statement that returns no rows, committed."""
        if self.postgres:
            connection = psycopg2.connect(self.url)
            try:
                with connection:
                    connection.cursor().execute(sql)
            finally:
                connection.close()
            return
        connection = sqlite3.connect(self.path, timeout=20)
        try:
            with connection:
                connection.execute(sql)
        finally:
            connection.close()

    def settle(self) -> None:
        """Fold SQLite's write-ahead log into the file, so the file alone is the database."""
        if not self.postgres:
            connection = sqlite3.connect(self.path)
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            connection.close()

    def drop(self) -> None:
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


class Stack:
    """The product's background processes on the test's database, Redis and mail sink."""

    def __init__(self, folder: Path, database: SharedDatabase, redis: PrivateRedis, **env: str):
        self.folder = folder
        self.database = database
        self.redis = redis
        self.mail_port = free_port()
        self.web_port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "relmgmt.settings.base",
            "DATABASE_URL": database.url,
            "REDIS_URL": redis.url,
            "RELMGMT_VAR_DIR": str(folder),
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.mail_port),
            "EMAIL_TIMEOUT": "30",
            "SITE_URL": "http://relmgmt.example",
            **env,
        }

    def run(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def driver(self, *args: str) -> str:
        return self.run("-m", "tests.failure.driver", *args)

    def start(self, name: str, *options: str) -> None:
        celery = [sys.executable, "-m", "celery", "-A", "relmgmt"]
        commands = {
            "worker": [
                *celery,
                "worker",
                "--pool",
                "prefork",
                "--concurrency",
                "2",
                "--without-mingle",
                "--without-gossip",
                "--loglevel",
                "INFO",
                "--hostname",
                f"stack-{uuid.uuid4().hex[:6]}@%h",
                *options,
            ],
            "web": [
                sys.executable,
                "-m",
                "gunicorn",
                "relmgmt.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.web_port}",
                "--no-control-socket",
                *options,
            ],
            "beat": [
                *celery,
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(self.folder / "beat-schedule"),
            ],
        }
        log = open(self.folder / f"{name}.log", "a")  # noqa: SIM115 (the process owns it)
        self.processes[name] = subprocess.Popen(  # noqa: S603
            commands[name],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def worker_children(self) -> list[int]:
        parent = self.processes["worker"].pid
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                children.append(int(stat.parent.name))
        return children

    def kill_worker_children(self) -> list[int]:
        children = self.worker_children()
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        return children

    def kill(self, name: str) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name} (last lines)\n" + "\n".join(log.read_text().splitlines()[-40:])
            for log in sorted(self.folder.glob("*.log"))
        )

    def reminders(self) -> dict[int, str]:
        """Each first-level reminder's status, by id."""
        return dict(
            self.database.rows(
                "SELECT id, status FROM notifications_reminder WHERE escalation_level = 0"
            )
        )
