"""make bench-backup: `manage.py backup` and `manage.py restore` at the shared corpus's size
(106,764 papers with their vectors and HNSW index; --papers for fewer), with accounts and
bookmarks beside them. Backup time and size, then restore into an empty database: time,
and the keyword index's rebuild after it. Prints one JSON line.

    make bench-backup    (or bench/backup.py --papers 5000 for a quick run)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import REPO_DIR, bench_database, load_corpus

DATABASE = "paperscope_bench_backup"
TARGET = "paperscope_bench_restore"


def manage(*args: str, url: str) -> tuple[float, str]:
    started = time.perf_counter()
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO_DIR, check=True,
                          capture_output=True, text=True, env=env)  # fmt: skip
    return time.perf_counter() - started, done.stdout.strip()


def add_accounts(papers: list[int], users: int = 200) -> None:
    """Accounts with bookmarks (notes, tags) and saved searches, as a site has them."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from papers.models import Bookmark
    from search.following.models import SavedSearch

    made = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"user{n}", email=f"user{n}@example.org") for n in range(users)]
    )
    Bookmark.objects.bulk_create([
        Bookmark(user=user, paper_id=papers[(n * 37 + k) % len(papers)], note=f"note {k}",
                 tags=["to-read"]) for n, user in enumerate(made) for k in range(25)
    ])  # fmt: skip
    now = timezone.now()
    SavedSearch.objects.bulk_create([
        SavedSearch(user=u, name="rl", q="reinforcement learning", seen_at=now) for u in made
    ])  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=106_764)
    options = parser.parse_args()
    figures: dict = {"papers": options.papers}
    with bench_database(DATABASE) as url, tempfile.TemporaryDirectory() as directory:
        ids, _, loaded = load_corpus(options.papers)
        add_accounts(list(ids))
        figures["hnsw_build_s"] = loaded["hnsw_build_s"]
        seconds, said = manage("backup", "--dir", directory, url=url)
        (dump,) = Path(directory).glob("*.dump")
        figures |= {"backup_s": round(seconds, 1), "backup_mb": round(dump.stat().st_size / 1e6, 1)}
        from tests.papers.helpers import empty_database

        with empty_database(TARGET) as target:
            seconds, said = manage("restore", str(dump), url=target)
            figures["restore_s"] = round(seconds, 1)
            os.environ["KEYWORD_INDEX_DIR"] = str(REPO_DIR / "var" / f"{TARGET}-keyword-index")
            seconds, _ = manage("keyword_index", "--rebuild", url=target)
            figures["keyword_index_rebuild_s"] = round(seconds, 1)
            figures["restored"] = said.split(": ")[-1].split(".")[0]
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
