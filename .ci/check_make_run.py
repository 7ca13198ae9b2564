#!/usr/bin/env python3
"""Proves the README's run command on a clean tree, as a new user would meet it.

Clones the commit checked out here into a temporary directory (no var/, no .venv), runs
`make run` there on a free port, waits for /healthz to answer 200, signs in as every demo
login and loads the page each lands on (the organisation area for staff, the supplier
portal for supplier logins), then sends Ctrl-C (SIGINT to the foreground process group,
as a terminal does) and checks that every process `make run` started has exited within
30 seconds and that the port is free again.

    python3 .ci/check_make_run.py             # the embedded default
    python3 .ci/check_make_run.py --postgres postgres://postgres@127.0.0.1:5432 \\
        --redis redis://127.0.0.1:6379/9      # with PostgreSQL and Redis

With --postgres it makes a fresh database on that server and drops it afterwards; with
--redis it uses that Redis database, which must be empty, and empties it afterwards. The
temporary directory is removed at the end (--keep keeps it). Standard library only; Linux
(it follows the processes through /proc and adopts orphans as a child subreaper).
"""

import argparse
import contextlib
import ctypes
import html
import http.cookiejar
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEMO_SLUGS = ("acme", "globex")
DEMO_PASSWORD = "relmgmt-demo"  # noqa: S105 (the published demo password)
# Each demo login and what its landing page says about it.
STAFF = {"admin": "admin", "manager": "quality manager", "auditor": "auditor"}
SUPPLIERS = ("supplier", "supplier2", "supplier3", "supplier4")
STOP_WITHIN_SECONDS = 30
# Variables of the calling shell that would make the clone's run differ from a new user's.
CLEARED = (
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_SETTINGS_MODULE",
    "RELMGMT_VAR_DIR",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SITE_URL",
    "SECRET_KEY",
    "RELMGMT_AUDIT_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "PORT",
    "VENV",
    "VIRTUAL_ENV",
    "PYTHONPATH",
    "MAKEFLAGS",
    "MFLAGS",
    "MAKELEVEL",
)

started = time.monotonic()


class CheckFailed(Exception):
    pass


def say(message: str) -> None:
    print(f"[make run check {time.monotonic() - started:6.1f}s] {message}", flush=True)


# Processes ------------------------------------------------------------------------------


def become_subreaper() -> None:
    """Orphans of what we start (daemons, children of a stopped parent) become ours, so
    nothing `make run` started can leave our sight."""
    PR_SET_CHILD_SUBREAPER = 36
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise CheckFailed(f"prctl(PR_SET_CHILD_SUBREAPER) failed: errno {ctypes.get_errno()}")


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, state) for every process."""
    table = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid = stat.read_text().rsplit(")", 1)[1].split()[:2]
        except (OSError, ValueError):
            continue
        table[int(stat.parent.name)] = (int(ppid), state)
    return table


def descendants() -> list[int]:
    """Our running descendants (zombies excluded)."""
    table = process_table()
    children: dict[int, list[int]] = {}
    for pid, (ppid, _state) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = [], list(children.get(os.getpid(), []))
    while todo:
        pid = todo.pop()
        if table[pid][1] != "Z":
            found.append(pid)
        todo.extend(children.get(pid, []))
    return sorted(found)


def describe(pid: int) -> str:
    try:
        words = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return f"{pid} (gone)"
    command = " ".join(w.decode(errors="replace") for w in words if w)
    return f"{pid} {command[:150]}"


class Run:
    """`make run` in the clone, in a session of its own (so its group is the terminal's
    foreground group of a Ctrl-C), its output in a log file."""

    def __init__(self, clone: Path, env: dict, log: Path):
        self.log = log
        with log.open("wb") as output:
            self.process = subprocess.Popen(
                ["make", "run"],
                cwd=clone,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.exit_status: int | None = None

    def reap(self) -> None:
        """Collect every exited child (ours by birth or adoption); note make's status."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.process.pid:
                self.exit_status = os.waitstatus_to_exitcode(status)
                self.process.returncode = self.exit_status

    @property
    def running(self) -> bool:
        self.reap()
        return self.exit_status is None

    def interrupt(self) -> None:
        """Ctrl-C: SIGINT to the whole foreground process group."""
        os.killpg(self.process.pid, signal.SIGINT)

    def kill_everything(self) -> None:
        for _ in range(50):
            self.reap()
            left = descendants()
            if not left:
                return
            for pid in left:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.1)

    def tail(self, lines: int = 60) -> str:
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


# HTTP -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_answers(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def port_bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def healthz_status(base: str) -> int | None:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def sign_in(base: str, email: str) -> tuple[str, str]:
    """Signs in through the login form; returns the landing page's path and body."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    with opener.open(f"{base}/accounts/login/", timeout=30) as response:
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    if not token:
        raise CheckFailed("the login page has no CSRF token")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "login": email, "password": DEMO_PASSWORD}
    ).encode()
    request = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    try:
        with opener.open(request, timeout=60) as response:  # follows the redirects
            if response.status != 200:
                raise CheckFailed(f"{email}: landing page answered {response.status}")
            return urllib.parse.urlsplit(response.geturl()).path, response.read().decode()
    except urllib.error.HTTPError as error:
        raise CheckFailed(f"{email}: {error.geturl()} answered {error.code}") from error


def check_logins(base: str) -> None:
    for slug in DEMO_SLUGS:
        codes = {}
        for local in (*STAFF, *SUPPLIERS):
            email = f"{local}@{slug}.example"
            path, body = sign_in(base, email)
            text = html.unescape(body)
            if path.startswith("/accounts/login"):
                raise CheckFailed(f"{email}: still on the login page after signing in")
            if local in STAFF:
                expected = f"Signed in as {STAFF[local]}"
                if path != f"/o/{slug}/" or expected not in text:
                    raise CheckFailed(
                        f"{email}: landed on {path}, expected /o/{slug}/ saying {expected!r}"
                    )
                say(f"  ok {email} -> {path} ({expected})")
            else:
                code = re.search(r"Supplier portal of .*? supplier code (\S+?)<", text)
                if not path.startswith(f"/portal/{slug}/") or not code:
                    raise CheckFailed(
                        f"{email}: landed on {path}, expected the supplier portal /portal/{slug}/"
                    )
                codes[local] = code.group(1)
                say(f"  ok {email} -> {path} (supplier portal, supplier {code.group(1)})")
        if len(set(codes.values())) != len(SUPPLIERS):
            raise CheckFailed(f"{slug}: the supplier logins share a supplier: {codes}")


def check_storage(var: Path, *, postgres: bool, redis: str | None) -> None:
    """The data went where the configuration says: SQLite and the filesystem broker in
    var/ on the embedded default, nothing of them there with PostgreSQL and Redis."""
    sqlite = var / "relmgmt.sqlite3"
    if sqlite.exists() == postgres:
        raise CheckFailed(f"{sqlite} {'exists' if postgres else 'is missing'}")
    broker = var / "broker" / "queue"
    if broker.exists() == bool(redis):
        raise CheckFailed(f"{broker} {'exists' if redis else 'is missing'}")
    where = ["PostgreSQL" if postgres else "SQLite in var/"]
    if redis:
        keys = redis_call(redis, "DBSIZE")
        if not keys:
            raise CheckFailed(f"nothing was written to {redis}")
        where.append(f"Redis ({keys} keys)")
    else:
        where.append("the filesystem broker in var/")
    say(f"the data is in {' and '.join(where)}")


# Services -------------------------------------------------------------------------------


def redis_call(url: str, *words: str):
    """One command on the Redis database of the URL (RESP, no client library needed)."""
    parts = urllib.parse.urlsplit(url)
    database = (parts.path or "/0").strip("/") or "0"

    def encode(*args: str) -> bytes:
        out = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            raw = arg.encode()
            out.append(b"$%d\r\n%s\r\n" % (len(raw), raw))
        return b"".join(out)

    with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), 10) as s:
        reader = s.makefile("rb")

        def ask(*args: str):
            s.sendall(encode(*args))
            line = reader.readline().rstrip(b"\r\n")
            kind, rest = line[:1], line[1:].decode()
            if kind == b"-":
                raise CheckFailed(f"Redis {args[0]}: {rest}")
            if kind == b":":
                return int(rest)
            if kind == b"$":
                return None if rest == "-1" else reader.read(int(rest) + 2)[:-2].decode()
            return rest

        if parts.password:
            ask("AUTH", *([parts.username] if parts.username else []), parts.password)
        ask("SELECT", database)
        return ask(*words)


def psql(admin_url: str, sql: str) -> None:
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", admin_url, "-c", sql],
        check=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def with_path(url: str, path: str) -> str:
    return urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=path))


# The check ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", help="a PostgreSQL server URL; a fresh database is made")
    parser.add_argument("--redis", help="a Redis database URL this check may own (empty)")
    parser.add_argument("--startup-timeout", type=int, default=900, help="seconds (900)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()

    repo = Path(__file__).resolve().parent.parent
    for signum in (signal.SIGTERM, signal.SIGHUP):  # clean up as on Ctrl-C
        signal.signal(signum, lambda signum, _frame: sys.exit(128 + signum))
    become_subreaper()

    services = [name for name, url in (("PostgreSQL", args.postgres), ("Redis", args.redis)) if url]
    mode = " and ".join(services) or "the embedded default"
    workdir = Path(tempfile.mkdtemp(prefix="relmgmt-make-run-"))
    clone = workdir / "relmgmt"
    log = workdir / "make-run.log"
    database = None
    redis_owned = False
    run = None
    ok = False
    try:
        say(f"mode: {mode}; working in {workdir}")
        commit = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "HEAD"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if dirty:
            say("note: uncommitted changes are not part of this check; it runs the commit")
        git = ["git", "-c", "advice.detachedHead=false"]
        subprocess.run(
            [*git, "clone", "--quiet", "--no-checkout", str(repo), str(clone)], check=True
        )
        subprocess.run([*git, "-C", str(clone), "fetch", "--quiet", str(repo), "HEAD"], check=True)
        subprocess.run(
            [*git, "-C", str(clone), "checkout", "--quiet", "--detach", commit], check=True
        )
        leftovers = [name for name in ("var", ".venv") if (clone / name).exists()]
        if leftovers:
            raise CheckFailed(f"the clean checkout already has {leftovers}")
        say(f"cloned {commit[:12]} (no var/, no .venv)")

        env = {name: value for name, value in os.environ.items() if name not in CLEARED}
        if args.postgres:
            name = f"relmgmt_make_run_{os.getpid()}_{secrets.token_hex(3)}"
            psql(with_path(args.postgres, "/postgres"), f'CREATE DATABASE "{name}"')
            database = name
            env["DATABASE_URL"] = with_path(args.postgres, f"/{name}")
            say(f"made the PostgreSQL database {name}")
        if args.redis:
            keys = redis_call(args.redis, "DBSIZE")
            if keys:
                raise CheckFailed(
                    f"{args.redis} holds {keys} keys; give a Redis database this check may own"
                )
            redis_owned = True
            env["REDIS_URL"] = args.redis
            say(f"using the empty Redis database {args.redis}")
        port = free_port()
        env["PORT"] = str(port)
        base = f"http://127.0.0.1:{port}"

        say(f"PORT={port} make run (log: {log})")
        run = Run(clone, env, log)
        deadline = time.monotonic() + args.startup_timeout
        while healthz_status(base) != 200:
            if not run.running:
                raise CheckFailed(f"make run exited ({run.exit_status}) before /healthz answered")
            if time.monotonic() > deadline:
                raise CheckFailed(f"/healthz did not answer 200 within {args.startup_timeout}s")
            time.sleep(1)
        up = time.monotonic() - started
        processes = descendants()
        say(f"/healthz answers 200 ({len(processes)} processes running under make run)")
        for pid in processes:
            say(f"  {describe(pid)}")

        check_logins(base)
        check_storage(clone / "var", postgres=bool(args.postgres), redis=args.redis)

        say("Ctrl-C (SIGINT to make run's process group)")
        interrupted = time.monotonic()
        run.interrupt()
        stop_deadline = interrupted + STOP_WITHIN_SECONDS
        next_report = interrupted + 5
        while run.running or descendants():
            if time.monotonic() > next_report:
                next_report += 5
                left = ", ".join(describe(pid)[:70] for pid in descendants())
                say(f"  {time.monotonic() - interrupted:.0f}s after Ctrl-C, still running: {left}")
            if time.monotonic() > stop_deadline:
                left = "\n".join(f"  {describe(pid)}" for pid in descendants())
                raise CheckFailed(
                    f"still running {STOP_WITHIN_SECONDS}s after Ctrl-C"
                    f" (make {'running' if run.running else 'exited'}):\n{left}"
                )
            time.sleep(0.2)
        stopped = time.monotonic() - interrupted
        if port_answers(port) or not port_bindable(port):
            raise CheckFailed(f"port {port} is still in use after every process exited")
        say(
            f"every process exited {stopped:.1f}s after Ctrl-C (make's exit: {run.exit_status});"
            f" port {port} is free"
        )
        say(f"passed ({mode}): up after {up:.0f}s, {time.monotonic() - started:.0f}s in all")
        ok = True
        return 0
    except (CheckFailed, subprocess.CalledProcessError, OSError) as error:
        say(f"FAILED ({mode}): {error}")
        if run is not None:
            print(f"---- last lines of make run's output ({log}) ----", flush=True)
            print(run.tail(), flush=True)
            print("---- end ----", flush=True)
        return 1
    except (KeyboardInterrupt, SystemExit):
        say(f"interrupted ({mode}); cleaning up")
        raise
    finally:
        if run is not None:
            run.kill_everything()
        if database:
            with contextlib.suppress(subprocess.CalledProcessError, OSError):
                psql(
                    with_path(args.postgres, "/postgres"),
                    f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)',
                )
                say(f"dropped the PostgreSQL database {database}")
        if redis_owned:
            with contextlib.suppress(CheckFailed, OSError):
                redis_call(args.redis, "FLUSHDB")
                say(f"emptied the Redis database {args.redis}")
        if args.keep:
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            say(f"removed {workdir}")
        if not ok and not args.keep:
            say("(run again with --keep to keep the clone and its log)")


if __name__ == "__main__":
    sys.exit(main())
