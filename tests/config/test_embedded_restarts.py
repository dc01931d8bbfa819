"""The embedded PostgreSQL starts after any stop: processes attached at once and stopped
at once (some killed outright), then its handle list found empty or cut short, and the
next `manage.py` command still works, and leaves the server up for those still attached."""

import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from config import embedded
from tests.conftest import REPO_DIR
from tests.papers.pipeline import wait_for

pytestmark = pytest.mark.django_db

ATTACH = textwrap.dedent("""
    import signal, sys, time
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # exit handlers run
    from config import embedded
    embedded.postgres()
    print("attached", flush=True)
    time.sleep(600)
""")


def attached_processes(count: int) -> list[subprocess.Popen]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.pop("DATABASE_URL", None)
    processes = [
        subprocess.Popen([sys.executable, "-c", ATTACH], cwd=REPO_DIR, env=env,
                         stdout=subprocess.PIPE, text=True)
        for _ in range(count)
    ]  # fmt: skip
    for process in processes:
        assert process.stdout.readline().strip() == "attached"
    return processes


@pytest.mark.parametrize("left", ["", "[12", "null", "{}"])
def test_an_unreadable_handle_list_is_rebuilt_from_the_live_processes(left):
    handles = embedded.POSTGRES_DIR / ".handle_pids.json"
    processes = attached_processes(6)
    for process in processes[:3]:  # stopped at the same moment, cleanly
        process.send_signal(signal.SIGTERM)
    for process in processes[3:5]:  # killed mid-way: never unregister
        process.kill()
    for process in processes[:5]:
        process.wait(30)
    survivor = processes[5]
    try:
        handles.write_text(left)  # what a write cut short leaves

        command = subprocess.run(
            [sys.executable, "manage.py", "showmigrations", "papers"], cwd=REPO_DIR,
            capture_output=True, text=True, timeout=120,
            env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
        )  # fmt: skip
        assert command.returncode == 0, command.stderr[-2000:]
        assert "0001_initial" in command.stdout  # read from the database

        pids = json.loads(handles.read_text())
        assert os.getpid() in pids and survivor.pid in pids
        assert not {p.pid for p in processes[:5]} & set(pids)
        # The command's exit stopped nothing: this test's connection still works.
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)
    finally:
        survivor.send_signal(signal.SIGTERM)
        survivor.wait(30)
    wait_for(lambda: survivor.pid not in json.loads(handles.read_text()), 10,
             "the survivor to unregister")
