import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.db import connection
from psycopg import sql

from config import embedded
from papers.sources import read_file
from papers.sources.record import Notice, PaperRecord, Rejected
from tests.conftest import REPO_DIR


def read_all(path: Path, format_name: str | None = None):
    """(records, rejected, notices) of one file."""
    items = list(read_file(path, format_name))
    return (
        [i for i in items if isinstance(i, PaperRecord)],
        [i for i in items if isinstance(i, Rejected)],
        [i for i in items if isinstance(i, Notice)],
    )


def kill_harvest_when(asked: threading.Event, release: threading.Event, what: str,
                      *args: str, **settings: str) -> None:  # fmt: skip
    """Run `manage.py harvest ARGS` (start_harvest) and kill it, whole, once the server
    says it was `asked` for `what` (it holds that answer back until `release`)."""
    process = start_harvest(*args, **settings)
    try:
        assert asked.wait(60), f"the harvester never asked for {what}"
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
        release.set()


def start_harvest(*args: str, **settings: str) -> subprocess.Popen:
    """`manage.py harvest ARGS` in a process of its own session (to kill it whole), on
    this test's database, with these settings and no broker."""
    server = embedded.postgres()
    env = {**os.environ, **settings,
           "DATABASE_URL": f"postgres://{server.user}@/{connection.settings_dict['NAME']}"
                           f"?host={server.host}",
           "CELERY_BROKER_URL": "redis+socket:///nonexistent/broker.sock"}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "manage.py", "harvest", *args, "--no-progress"], cwd=REPO_DIR,
        env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


@contextmanager
def empty_database(name: str):
    """A new, empty database on the embedded server (as a dropped one is created again
    before a restore), dropped afterwards; yields its URL."""
    server = embedded.postgres()
    with psycopg.connect(host=server.host, user=server.user, dbname="postgres",
                         autocommit=True) as admin:  # fmt: skip
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        admin.execute(drop)
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield f"postgres://{server.user}@/{name}?host={server.host}"
        finally:
            admin.execute(drop)
