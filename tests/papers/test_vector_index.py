"""Bulk loads write without the HNSW index and build it afterwards; searches meanwhile
scan exactly. Real PostgreSQL DDL (concurrent builds need no surrounding transaction)."""

import gzip
import subprocess
import sys
from itertools import islice

import numpy as np
import pytest
from django.db import connection

from papers import vector_index
from papers.embeddings import embedding_status, store_vectors
from papers.models import Embedding
from search.semantic import nearest
from tests.conftest import REPO_DIR, SHARED_DIR
from tests.factories import PaperFactory
from tests.papers.pipeline import Broker, Worker, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def index_definition() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [vector_index.INDEX])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def restores_the_index():
    """Other tests search through the index: put it back whatever happens here."""
    migrated = index_definition()
    yield migrated
    if not vector_index.exists():
        vector_index.build()
    assert index_definition() == migrated


def unit_vectors(count: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).normal(size=(count, 384)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_a_backlog_below_the_threshold_keeps_the_index(settings, restores_the_index):
    settings.EMBEDDING_BULK_LOAD_MIN = 10
    assert not vector_index.start_bulk_load(9)
    settings.EMBEDDING_BULK_LOAD_MIN = 0  # never
    assert not vector_index.start_bulk_load(10**6)
    settings.EMBEDDING_BULK_LOAD_MIN, settings.EMBEDDING_DEVICE = -1, "cpu"  # by device
    assert not vector_index.start_bulk_load(10**6)
    assert vector_index.exists()


def test_a_backlog_smaller_than_the_stored_vectors_keeps_the_index(settings, restores_the_index):
    papers = PaperFactory.create_batch(12)
    store_vectors([p.id for p in papers], unit_vectors(12), ["0" * 64] * 12)
    settings.EMBEDDING_BULK_LOAD_MIN = 5
    assert not vector_index.start_bulk_load(11)
    assert vector_index.exists()


def test_a_bulk_load_drops_the_index_and_the_build_restores_its_definition(
    settings, restores_the_index
):
    settings.EMBEDDING_BULK_LOAD_MIN, settings.EMBEDDING_DEVICE = -1, "cuda"
    assert vector_index.bulk_load_min() == 50_000
    settings.EMBEDDING_BULK_LOAD_MIN = 5
    papers = PaperFactory.create_batch(20)
    vectors = unit_vectors(20)
    assert vector_index.start_bulk_load(20)
    assert index_definition() is None and not vector_index.exists()

    # Written and searched with no index: an exact scan, the true nearest neighbours.
    store_vectors([p.id for p in papers], vectors, ["0" * 64] * 20)
    hits = nearest(vectors[3], k=5)
    assert hits[0][0] == papers[3].id and hits[0][1] == pytest.approx(1.0, abs=1e-3)

    assert vector_index.build() is not None
    assert index_definition() == restores_the_index  # the migration's own index
    assert nearest(vectors[3], k=5)[0][0] == papers[3].id


def test_a_failed_build_left_invalid_is_replaced(restores_the_index):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {vector_index.INDEX}")
        cursor.execute(f"CREATE INDEX {vector_index.INDEX} ON {Embedding._meta.db_table} (id)")
        cursor.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = %s::regclass",
            [vector_index.INDEX],
        )  # as CREATE INDEX CONCURRENTLY leaves it when it fails
    assert not vector_index.exists()
    vector_index.build()
    assert vector_index.exists() and index_definition() == restores_the_index


def test_the_sweep_builds_the_index_once_a_bulk_load_has_drained(tmp_path, restores_the_index):
    sample = tmp_path / "first40.jsonl"
    with gzip.open(SHARED_DIR / "data" / "arxiv-ml-106k.jsonl.gz", "rb") as lines:
        sample.write_bytes(b"".join(islice(lines, 40)))
    broker = Broker(tmp_path / "broker")
    broker.directory.mkdir()
    broker.start()
    worker = Worker(
        broker.url, tmp_path / "worker.log", extra_env={"EMBEDDING_BULK_LOAD_MIN": "10"}
    )
    try:
        worker.start()
        result = subprocess.run(
            [sys.executable, "manage.py", "import_papers", "--no-progress", str(sample)],
            cwd=REPO_DIR, env=worker.env(), capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "dropped until the queue drains" in result.stderr  # the import's own log
        wait_for(lambda: embedding_status().pending == 0, 180, "every vector")
        wait_for(vector_index.exists, 60, "the sweep to build the index")
        # The index turns valid a moment before the sweep logs it: stopping the worker in
        # between would lose the line.
        wait_for(lambda: "built embedding_vector_hnsw" in worker.output(), 30, "the sweep's log")
    finally:
        worker.stop()
        broker.stop()
    assert embedding_status().embedded == 40
