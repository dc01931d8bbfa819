"""Rebuilding the HNSW index never blocks search: REINDEX CONCURRENTLY builds the new
index beside the old one and swaps them, and searches by meaning go on answering through
the old one meanwhile (and writes go on too). Here an open transaction holds the rebuild
at one of its waits, for as long as the test likes, while searches and a write run."""

import threading

import psycopg
import pytest
from django.db import connection, connections

from papers import vector_index
from papers.embeddings import store_vectors
from search.semantic import nearest
from tests.factories import PaperFactory
from tests.papers.test_vector_index import restores_the_index, unit_vectors  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def rebuild_phase() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT command, phase FROM pg_stat_progress_create_index")
        row = cursor.fetchone()
    return row and f"{row[0]}: {row[1]}"


def test_searches_and_writes_go_on_while_the_index_is_rebuilt(restores_the_index):  # noqa: F811
    papers = [PaperFactory() for _ in range(40)]
    vectors = unit_vectors(41)
    store_vectors([p.id for p in papers], vectors[:40], ["h"] * 40)
    params = connection.get_connection_params()
    # A transaction whose snapshot the rebuild must outwait before it may swap.
    holder = psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"})
    holder.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
    holder.execute("SELECT count(*) FROM papers_embedding").fetchone()
    built: list = []

    def rebuild() -> None:
        try:
            built.append(vector_index.build())
        finally:
            connections.close_all()

    worker = threading.Thread(target=rebuild)
    worker.start()
    try:
        with connection.cursor() as cursor:  # a search blocked would fail, not hang
            cursor.execute("SET lock_timeout = '20s'; SET statement_timeout = '20s'")
        phase = None
        while phase is None or "waiting" not in phase:
            assert worker.is_alive(), "the rebuild ended before it could be held"
            phase = rebuild_phase()
        assert phase.startswith("REINDEX CONCURRENTLY")
        for paper, vector in zip(papers[:10], vectors[:10], strict=True):
            assert nearest(vector, k=1)[0][0] == paper.id
        late = PaperFactory()
        store_vectors([late.id], vectors[40:], ["h"])
        assert nearest(vectors[40], k=1)[0][0] == late.id
        assert worker.is_alive() and rebuild_phase() is not None  # still held
    finally:
        holder.rollback()
        holder.close()
        worker.join()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout; RESET statement_timeout")
    assert built and built[0] is not None and vector_index.exists()
    assert nearest(vectors[40], k=1)[0][0] == late.id
