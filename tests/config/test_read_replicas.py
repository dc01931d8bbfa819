"""Reads that tolerate lag go to a streaming replica, the rest to the primary: a real hot
standby of a real primary (tests/replica_servers.py), and the app run against both in a
process of its own (DATABASE_URL, DATABASE_REPLICA_URLS), recording which server each
request's queries went to."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.replica_servers import primary_and_standby

REPO = Path(__file__).resolve().parents[2]

# The app against the primary and its standby: a paper and a user written (primary), then
# pages visited; prints which tables each visit read from which server.
VISITS = """
import json, time, django
django.setup()
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.factories import PaperFactory, UserFactory

paper = PaperFactory(title="A replicated paper")
alice = UserFactory(username="alice")
for _ in range(300):  # until the standby has replayed it
    with connections["replica0"].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM papers_paper WHERE id = %s", [paper.id])
        if cursor.fetchone()[0]:
            break
    time.sleep(0.1)
TABLES = ("papers_paper", "papers_bookmark", "auth_user", "django_session")

def visit(client, method, path):
    with CaptureQueriesContext(connections["default"]) as primary, \\
         CaptureQueriesContext(connections["replica0"]) as replica:
        status = getattr(client, method)(path).status_code
    read = lambda ctx: sorted({t for q in ctx.captured_queries for t in TABLES
                               if f'"{t}"' in q["sql"] or f" {t} " in q["sql"]})
    return {"status": status, "primary": read(primary), "replica": read(replica)}

client = Client()
out = {"home": visit(client, "get", "/"),
       "paper": visit(client, "get", f"/papers/{paper.arxiv_id}/"),
       "api papers": visit(client, "get", "/api/v1/papers/")}
client.force_login(alice)
out["bookmark"] = visit(client, "post", f"/papers/{paper.arxiv_id}/bookmark")
out["library"] = visit(client, "get", "/library/")
with connections["replica0"].cursor() as cursor:
    cursor.execute("SELECT pg_is_in_recovery()")
    out["standby"] = cursor.fetchone()[0]
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def servers(tmp_path_factory):
    with primary_and_standby(tmp_path_factory.mktemp("replication")) as pair:
        yield pair


def test_lag_tolerant_reads_go_to_the_standby_and_the_rest_to_the_primary(servers):
    primary, standby = servers
    with psycopg.connect(host=primary.socket_dir, port=primary.port, user=primary.user,
                         dbname="postgres", autocommit=True) as admin:  # fmt: skip
        admin.execute("CREATE DATABASE paperscope_replicated")
    env = {**os.environ, "DATABASE_URL": primary.url("paperscope_replicated"),
           "DATABASE_REPLICA_URLS": standby.url("paperscope_replicated"),
           "ALLOWED_HOSTS": "testserver", "DJANGO_SETTINGS_MODULE": "config.settings"}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env,
                   check=True, timeout=300)  # fmt: skip
    done = subprocess.run([sys.executable, "-c", VISITS], cwd=REPO, env=env, text=True,
                          capture_output=True, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["standby"] is True  # a hot standby, read-only, streaming from the primary
    for page in ("home", "paper", "api papers"):
        assert seen[page]["status"] == 200, (page, seen[page])
        assert "papers_paper" in seen[page]["replica"], (page, seen[page])
        assert "papers_paper" not in seen[page]["primary"], (page, seen[page])
    # A write, and the page that reads it back right after: the primary alone for the
    # user's own rows (the bookmark, the session, the account).
    assert seen["bookmark"]["status"] in (200, 302) and seen["bookmark"]["replica"] == []
    library = seen["library"]
    assert library["status"] == 200
    assert {"papers_bookmark", "django_session", "auth_user"} <= set(library["primary"])
    assert not {"papers_bookmark", "django_session", "auth_user"} & set(library["replica"])
