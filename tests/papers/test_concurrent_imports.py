"""Two imports of overlapping files at once, in real processes: every paper once, each
one whole as one of the two files had it (no mixed rows, nothing lost)."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from config import embedded
from papers.models import Paper
from tests.conftest import REPO_DIR

pytestmark = pytest.mark.django_db(transaction=True)


def write(path, numbers, version):
    with path.open("w") as out:
        for n in numbers:
            out.write(json.dumps({
                "id": f"2506.{n:05d}", "title": f"Paper {n} version {version}",
                "abstract": f"Abstract {n} from file {version}.", "authors": [version],
                "categories": ["cs.LG"], "published": "2025-06-01",
            }) + "\n")  # fmt: skip


def test_overlapping_imports_at_once(tmp_path):
    write(tmp_path / "a.jsonl", range(0, 6000), "A")
    write(tmp_path / "b.jsonl", range(3000, 9000), "B")
    server = embedded.postgres()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{server.user}@/{connection.settings_dict['NAME']}"
        f"?host={server.host}",
        "CELERY_BROKER_URL": f"redis+socket://{tmp_path}/no-broker.sock",  # embed later
    }
    imports = [
        subprocess.Popen([sys.executable, "manage.py", "import_papers", str(tmp_path / name),
                          "--batch-size", "500"], cwd=REPO_DIR, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for name in ("a.jsonl", "b.jsonl")
    ]  # fmt: skip
    for process in imports:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        assert ", skipped 0" in out, out
    papers = Paper.objects.values_list("arxiv_id", "title", "abstract", "authors")
    assert len(papers) == 9000
    for arxiv_id, title, abstract, authors in papers:
        n = int(arxiv_id.split(".")[1])
        version = authors[0]
        assert version in ({"A"} if n < 3000 else {"B"} if n >= 6000 else {"A", "B"})
        assert title == f"Paper {n} version {version}"
        assert abstract == f"Abstract {n} from file {version}."
