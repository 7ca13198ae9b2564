"""The example nginx configuration of docs/proxy/nginx.conf in front of the image's gunicorn
command with the production settings: the public host name reaches Django (no 400), HTTPS
is known (no redirect loop), plain HTTP is sent to HTTPS."""

import http.client
import shutil
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_deploy import (
    ROOT,
    dockerfile_command,
    free_ports,
    production_environment,
)

pytestmark = pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed")
HOST = "relmgmt.example.com"


def nginx_config(folder: Path, *, upstream: int, plain: int, tls: int) -> Path:
    site = (ROOT / "docs" / "proxy" / "nginx.conf").read_text()
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    site = site.replace("    listen [::]:80;\n", "").replace("    listen [::]:443 ssl http2;\n", "")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{plain};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{tls} ssl http2;")
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(folder / "cert.pem"))
    site = site.replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(folder / "key.pem"))
    (folder / "site.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(
        f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
        "events {}\nhttp {\n"
        f"  access_log {folder}/access.log;\n"
        f"  client_body_temp_path {folder}/body;\n  proxy_temp_path {folder}/proxy;\n"
        f"  fastcgi_temp_path {folder}/fastcgi;\n  uwsgi_temp_path {folder}/uwsgi;\n"
        f"  scgi_temp_path {folder}/scgi;\n"
        f"  include {folder}/site.conf;\n}}\n"
    )
    return main


def get(port: int, path: str, *, tls: bool) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": HOST})
    response = connection.getresponse()
    response.read()
    return response


def direct(port: int, headers: dict) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", "/healthz", headers=headers)
    response = connection.getresponse()
    response.read()
    return response


def test_the_example_nginx_configuration_in_front_of_gunicorn(tmp_path):
    subprocess.run(  # noqa: S603
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",  # noqa: S607
         "-subj", f"/CN={HOST}", "-keyout", str(tmp_path / "key.pem"),
         "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    upstream, plain, tls = free_ports(3)
    env = production_environment(tmp_path / "var")
    command = dockerfile_command()
    command[command.index("--bind") + 1] = f"127.0.0.1:{upstream}"
    command[command.index("--worker-tmp-dir") + 1] = str(tmp_path)
    gunicorn = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name(command[0])), *command[1:]],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    config = nginx_config(tmp_path, upstream=upstream, plain=plain, tls=tls)
    nginx = subprocess.Popen(["nginx", "-c", str(config), "-p", str(tmp_path)])  # noqa: S603, S607
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = get(tls, "/healthz", tls=True)
                if health.status != 502:
                    break
            except OSError:
                pass
            assert gunicorn.poll() is None, "gunicorn stopped (was its port taken?)"
            assert nginx.poll() is None, (tmp_path / "error.log").read_text()
            assert time.monotonic() < deadline, (tmp_path / "error.log").read_text()
            time.sleep(0.3)
        assert health.status == 200, "the host name and HTTPS reached Django"
        assert len(health.getheader("X-Request-ID", "")) == 32, "nginx's request id reached it"
        # What the proxy's headers prevent: straight to gunicorn, another host name is
        # refused (400; its error page needs the collected static files this test lacks),
        # and plain HTTP is sent to HTTPS (301).
        assert direct(upstream, {"Host": "127.0.0.1"}).status >= 400
        assert direct(upstream, {"Host": HOST}).status == 301
        assert direct(upstream, {"Host": HOST, "X-Forwarded-Proto": "https"}).status == 200
        redirect = get(plain, "/accounts/login/", tls=False)
        assert redirect.status == 301
        assert redirect.getheader("Location") == f"https://{HOST}/accounts/login/"
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(timeout=30)
        gunicorn.wait(timeout=60)
