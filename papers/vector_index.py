"""The HNSW index over stored vectors, and bulk loads that write without it.

Each vector written into an HNSW index costs a graph search: 470 vectors/s on this 2-core
machine against 41,000/s into the bare table (bench/embed.py). A GPU embeds 20 times
faster than the index takes vectors, so a large backlog is written with the index dropped
and the index built afterwards, in one pass that is much cheaper per vector than inserts.
Searches meanwhile scan exactly: slower, never wrong, and never waiting on the build.
"""

from __future__ import annotations

import logging
import os
import time

from django.conf import settings
from django.db import connection

from papers.db_locks import try_advisory_lock
from papers.models import Embedding

logger = logging.getLogger(__name__)

INDEX = "embedding_vector_hnsw"
# Held while a build runs, so two workers never build the index at once.
BUILD_LOCK = 7_240_001


def exists() -> bool:
    """Whether the HNSW index is there and usable (a failed concurrent build leaves an
    invalid one behind, which searches ignore)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
            " WHERE c.relname = %s",
            [INDEX],
        )
        row = cursor.fetchone()
    return bool(row and row[0])


def bulk_load_min() -> int:
    """The backlog that is written without the index (settings.EMBEDDING_BULK_LOAD_MIN; -1
    picks by device). On a CPU the encoder, not the index, is the cap: never there."""
    if settings.EMBEDDING_BULK_LOAD_MIN >= 0:
        return settings.EMBEDDING_BULK_LOAD_MIN
    return 50_000 if settings.EMBEDDING_DEVICE.startswith("cuda") else 0


def start_bulk_load(backlog: int) -> bool:
    """Drop the index before `backlog` new vectors are queued, when there are at least
    bulk_load_min() of them and at least as many as are stored (the build then costs
    less than the inserts). The sweep rebuilds it once the queue has drained."""
    threshold = bulk_load_min()
    if not threshold or backlog < threshold or not exists():
        return False
    if backlog < Embedding.objects.count():
        return False
    drop()
    # A warning: searches by meaning scan exactly, so slower, until the index is back.
    logger.warning("bulk load of %d vectors: %s dropped until the queue drains", backlog, INDEX)
    return True


def drop() -> None:
    # Concurrently, so searches under way finish first; PostgreSQL allows that only
    # outside a transaction block.
    concurrently = "" if connection.in_atomic_block else "CONCURRENTLY"
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {concurrently} IF EXISTS {INDEX}")


def build(memory: str | None = None) -> float | None:
    """Build (or rebuild) the index without blocking reads or writes; seconds taken, or
    None when another process is building it now."""
    started = time.perf_counter()
    with try_advisory_lock(BUILD_LOCK) as acquired, connection.cursor() as cursor:
        if not acquired:
            return None
        memory = memory or _build_memory()
        cursor.execute("SELECT set_config('maintenance_work_mem', %s, false)", [memory])
        cursor.execute(f"SET max_parallel_maintenance_workers = {_build_workers()}")
        if exists():
            cursor.execute(f"REINDEX INDEX CONCURRENTLY {INDEX}")
        else:
            drop()  # a build that failed half-way leaves an invalid index behind
            cursor.execute(_create_sql())
    seconds = time.perf_counter() - started
    logger.info("built %s in %.1fs", INDEX, seconds)
    return seconds


def _build_memory() -> str:
    """A quarter of the machine's memory, 1-16 GB: the graph of 1M 384-d half vectors
    takes ~1.2 GB, and a build whose graph outgrows this writes to disk as it goes, far
    slower (pgvector warns). Assumes PostgreSQL runs on this machine, as the embedded one
    does; a remote server's own setting is the better guide there."""
    quarter = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") // 4 // 2**30
    return f"{max(1, min(16, quarter))}GB"


def _build_workers() -> int:
    # Cores beside the backend's own: 1 on this 2-core machine, up to 7 on a GPU host.
    return max(1, min(7, (os.cpu_count() or 2) - 1))


def size() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_relation_size(%s::regclass))", [INDEX])
        return cursor.fetchone()[0]


def _create_sql() -> str:
    """The model's own index definition (papers/models.py), built concurrently."""
    (index,) = (index for index in Embedding._meta.indexes if index.name == INDEX)
    with connection.schema_editor(atomic=False, collect_sql=True) as editor:
        return str(index.create_sql(Embedding, editor, concurrently=True))
