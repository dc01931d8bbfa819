"""The worker lays the map out by itself once embedding drains, and places what comes
after: real broker, real worker, the bundled model."""

import gzip
import subprocess
import sys
from itertools import islice

import pytest

from search.map.models import MapPoint
from search.map.selectors import current_layout
from tests.conftest import REPO_DIR, SHARED_DIR
from tests.papers.pipeline import Broker, Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def import_records(path, env, first: int, count: int) -> None:
    with gzip.open(SHARED_DIR / "data" / "arxiv-ml-106k.jsonl.gz", "rb") as lines:
        path.write_bytes(b"".join(islice(lines, first, first + count)))
    result = subprocess.run(
        [sys.executable, "manage.py", "import_papers", "--no-progress", str(path)],
        cwd=REPO_DIR, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_the_worker_builds_the_map_after_embedding_and_places_new_papers(tmp_path):
    broker = Broker(tmp_path / "broker")
    broker.directory.mkdir()
    broker.start()
    # A slow sweep: the map must come from the embedding tasks themselves.
    worker = Worker(broker.url, tmp_path / "worker.log", sweep_seconds=3600)
    try:
        worker.start()
        import_records(tmp_path / "first.jsonl", worker.env(), 0, 40)
        wait_for(lambda: MapPoint.objects.count() == 40, 120, "the first map")
        layout = current_layout()
        assert layout.papers == 40 and layout.regions.filter(level=2).exists()

        import_records(tmp_path / "more.jsonl", worker.env(), 40, 5)
        wait_for(lambda: MapPoint.objects.count() == 45, 120, "the new papers placed")
    finally:
        worker.stop()
        broker.stop()
    assert current_layout().id == layout.id
    assert MapPoint.objects.filter(placed=True).count() == 5
