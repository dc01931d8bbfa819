"""The production image's shape, natively: its build script into a temporary directory,
and its command (gunicorn) with PRODUCTION=true on the test database. Docker cannot run
here; everything the image does after installing its packages runs here as written."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from django.db import connection

from config import embedded
from tests.conftest import REPO_DIR
from tests.papers.pipeline import wait_for
from tests.smtp_server import free_port

BUILD_SCRIPT = REPO_DIR / "config" / "image" / "build.sh"
# A key of production's length, new each run: the test signs feed secrets with it too.
SECRET_KEY = secrets.token_urlsafe(50)
# What the proxy in front adds: the request came over TLS, from this client.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def build_image(root: Path) -> dict[str, str]:
    """Run the image's build script into `root`; the environment that finds its output."""
    env = {
        "STATIC_ROOT": str(root / "static"),
        "QUERY_ENCODER_DIR": str(root / "query-encoder"),
    }
    result = subprocess.run(
        [str(BUILD_SCRIPT)], cwd=REPO_DIR, capture_output=True, text=True, timeout=600,
        env={**os.environ, **env, "PYTHON": sys.executable},
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return env


def database_url() -> str:
    """The test database, as the URL a production process is given."""
    server = embedded.postgres()
    return f"postgres://{server.user}@/{connection.settings_dict['NAME']}?host={server.host}"


def production_env(image: dict[str, str], **extra: str) -> dict[str, str]:
    """The environment of an app container, pointed at the test's database."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "PYTEST"))}  # fmt: skip
    env.pop("CELERY_BROKER_URL", None)
    return (
        env
        | image
        | {
            "PRODUCTION": "true",
            "DEBUG": "false",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "NUM_PROXIES": "1",
            "SITE_URL": "https://papers.example.org",
            "DATABASE_URL": database_url(),
            "PYTHONUNBUFFERED": "1",
        }
        | extra
    )


@dataclass
class Server:
    url: str
    log: Path

    def get(self, path: str, cookies: dict[str, str] | None = None, **kwargs):
        headers = PROXY_HEADERS | kwargs.pop("headers", {})
        if cookies:  # Secure cookies: a client on plain HTTP would not send them itself
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        return requests.get(self.url + path, headers=headers, timeout=60,
                            allow_redirects=False, **kwargs)  # fmt: skip

    def post(self, path: str, **kwargs):
        headers = PROXY_HEADERS | kwargs.pop("headers", {})
        return requests.post(self.url + path, headers=headers, timeout=60,
                             allow_redirects=False, **kwargs)  # fmt: skip


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[Server]:
    """The image's CMD, bound to a free port on 127.0.0.1, one worker; stopped after."""
    port = free_port()
    env = env | {"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "1"}
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "config.wsgi"],
            cwd=REPO_DIR, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    server = Server(f"http://127.0.0.1:{port}", log)

    def answers() -> bool:
        assert process.poll() is None, log.read_text(errors="replace")[-4000:]
        try:
            return server.get("/healthz").status_code in (200, 503)
        except requests.ConnectionError:
            return False

    try:
        wait_for(answers, 180, "gunicorn to answer")
        yield server
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
