"""How the list benchmarks reach their pages, as the environment chooses; every list bench
(parties, suppliers, complaints, corrective actions) times its pages through ``serving``.

``BENCH_CACHE=redis``: the cache (the lists' counts, reads remembered under the audit
trail's head) is the Redis of ``REDIS_URL``, or of 127.0.0.1:6379, under a key prefix of
the run's own, whose keys are deleted at the end; by default, the embedded default's file
cache.

``BENCH_SERVER=gunicorn``: the pages are served by a gunicorn process (one sync worker, as
the image starts it but on a free port of 127.0.0.1) on the benchmark's database and
cache, and requested over HTTP, a new connection each, with the signed-in manager's
session cookie; by default Django's test client requests them in this process.
"""

import http.client
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SERVER_SETTINGS = "bench.server_settings"
PREFIX_VARIABLE = "BENCH_CACHE_PREFIX"


def cache_choice() -> str:
    choice = os.environ.get("BENCH_CACHE", "file")
    if choice not in ("file", "redis"):
        raise SystemExit(f"BENCH_CACHE is file or redis, not {choice!r}")
    return choice


def server_choice() -> str:
    choice = os.environ.get("BENCH_SERVER", "client")
    if choice not in ("client", "gunicorn"):
        raise SystemExit(f"BENCH_SERVER is client or gunicorn, not {choice!r}")
    return choice


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def caches(choice: str, prefix: str) -> dict:
    return redis_caches(prefix) if choice == "redis" else file_caches()


def file_caches() -> dict:
    """The embedded default's file cache (relmgmt.settings.base), in the run's folder."""
    folder = Path(os.environ["RELMGMT_VAR_DIR"], "cache")
    backend = "django.core.cache.backends.filebased.FileBasedCache"
    return {"default": {"BACKEND": backend, "LOCATION": str(folder)}}


def redis_caches(prefix: str) -> dict:
    """The product's Redis cache (relmgmt.settings.base) under the run's own prefix."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url(),
            "KEY_PREFIX": prefix,
        }
    }


class Pages:
    """A list bench's way to its pages: ``call(url)`` gives a function that requests the
    page and checks it is a 200; ``text(url)`` gives its body."""

    def __init__(self, fetch: Callable[[str], tuple[int, bytes]], description: str):
        self.fetch = fetch
        self.description = description

    def call(self, url: str) -> Callable[[], None]:
        def request():
            status, _body = self.fetch(url)
            assert status == 200, (url, status)

        return request

    def text(self, url: str) -> str:
        status, body = self.fetch(url)
        assert status == 200, (url, status)
        return body.decode()


@contextmanager
def serving(user) -> Iterator[Pages]:
    """The bench's URLs (bench.urls: the product's and the bare views) as ``user``, signed
    in, served and cached as BENCH_SERVER and BENCH_CACHE say."""
    from django.test import Client, override_settings

    cache, server = cache_choice(), server_choice()
    prefix = f"relmgmt-bench-{uuid.uuid4().hex[:12]}"
    with override_settings(ROOT_URLCONF="bench.urls", CACHES=caches(cache, prefix)):
        client = Client()
        client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
        try:
            if server == "gunicorn":
                with gunicorn(client, cache=cache, prefix=prefix) as pages:
                    yield pages
            else:

                def fetch(url):
                    response = client.get(url)
                    return response.status_code, response.content

                yield Pages(fetch, f"Django's test client, {cache} cache")
        finally:
            if cache == "redis":
                delete_keys(prefix)


@contextmanager
def gunicorn(client, *, cache: str, prefix: str) -> Iterator[Pages]:
    """A gunicorn process serving bench.urls on the benchmark's database, stopped after."""
    from django.conf import settings

    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SERVER_SETTINGS,
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "BENCH_CACHE": cache,
        PREFIX_VARIABLE: prefix,
    }
    command = [str(Path(sys.executable).with_name("gunicorn")), "relmgmt.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--worker-tmp-dir", "/tmp"]
    command += ["--no-control-socket", "--log-level", "warning", "--timeout", "120"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    def fetch(url):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", url, headers={"Host": "127.0.0.1", "Cookie": cookie})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    try:
        wait_for(process, fetch)
        yield Pages(fetch, f"gunicorn (1 sync worker) over HTTP, {cache} cache")
    finally:
        process.terminate()
        process.wait(60)


def wait_for(process, fetch, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if fetch("/healthz")[0] == 200:
                return
        except OSError:
            pass
        assert process.poll() is None, "gunicorn stopped (was its port taken?)"
        assert time.monotonic() < deadline, "gunicorn did not answer"
        time.sleep(0.3)


def database_url(database: dict) -> str:
    """The URL of the benchmark's database (the test runner's, already set up)."""
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{database['NAME']}"))


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def delete_keys(prefix: str) -> None:
    import redis

    connection = redis.Redis.from_url(redis_url())
    keys = list(connection.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        connection.delete(*keys)
