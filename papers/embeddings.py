"""Embedding papers: which need it, computing and storing vectors, and progress.
Queueing the work is the tasks' job (papers/tasks.py).

Each stored vector records its model and the hash of the text it embedded, so re-running
is harmless (current vectors are skipped), an edited abstract or another EMBEDDING_MODEL
gets a new vector, and the database itself can list what is missing or stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from papers import encoder
from papers.models import Embedding, Paper


def _needing_sql(limit: int | None) -> tuple[str, list]:
    paper, embedding = Paper._meta.db_table, Embedding._meta.db_table
    sql = f"""
        SELECT p.id FROM {paper} p
        LEFT JOIN {embedding} e ON e.paper_id = p.id AND e.model_name = %s
        WHERE e.id IS NULL OR e.text_hash <> {encoder.TEXT_HASH_SQL.format(row="p.")}
        ORDER BY p.published DESC NULLS LAST, p.id DESC
    """
    params: list = [encoder.model_name()]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def paper_ids_needing_embedding(limit: int | None = None) -> list[int]:
    """Papers with no vector of the active model, or one of text that has since changed,
    newest first (the papers people search for most)."""
    sql, params = _needing_sql(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def newest_first(paper_ids: Sequence[int]) -> list[tuple[int, dt.date | None]]:
    """(id, published) of these papers, newest first: undated last, ties newest id first."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, published FROM {Paper._meta.db_table} WHERE id = ANY(%s) "
            "ORDER BY published DESC NULLS LAST, id DESC",
            [list(paper_ids)],
        )
        return cursor.fetchall()


def papers_per_task() -> int:
    """Papers one task embeds (settings.EMBEDDING_PAPERS_PER_TASK; 0 picks by device): a few
    seconds of work, so a lost or repeated task costs little and the queue never holds one
    message per paper. Read from the setting, not the device: the process that queues the
    work (an import, the web app) need not see the worker's GPU."""
    if settings.EMBEDDING_PAPERS_PER_TASK:
        return settings.EMBEDDING_PAPERS_PER_TASK
    return 4096 if settings.EMBEDDING_DEVICE.startswith("cuda") else 256


def chunks(ids: Sequence[int], size: int | None = None) -> Iterator[list[int]]:
    size = size or papers_per_task()
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def embed_papers_now(paper_ids: Iterable[int], force: bool = False) -> int:
    """Compute and store vectors for these papers in this process; returns how many were
    written. Papers whose current vector matches their text are skipped unless `force`.
    Each forward pass's vectors are stored while the device computes the next."""
    model = encoder.model_name()
    papers = list(
        Paper.objects.filter(id__in=list(paper_ids)).values_list("id", "title", "abstract")
    )
    texts = {pid: encoder.paper_text(title, abstract) for pid, title, abstract in papers}
    hashes = {pid: encoder.text_hash(text) for pid, text in texts.items()}
    if not force:
        current = Embedding.objects.filter(paper_id__in=hashes, model_name=model).values_list(
            "paper_id", "text_hash"
        )
        for pid, stored_hash in current:
            if hashes.get(pid) == stored_hash:
                del hashes[pid]
    ids = list(hashes)
    for positions, vectors in encoder.encode_stream([texts[pid] for pid in ids]):
        batch = [ids[position] for position in positions]
        store_vectors(batch, vectors, [hashes[pid] for pid in batch])
    return len(ids)


STAGING = "embedding_staging"


def store_vectors(paper_ids: Sequence[int], vectors, text_hashes: Sequence[str]) -> None:
    """Upsert these papers' vectors of the active model: binary COPY into a temporary
    table, then one INSERT ... ON CONFLICT. 41,000 vectors/s here where a multi-row
    INSERT of text literals managed 3,000 (bench/embed.py measures it)."""
    from pgvector import HalfVector
    from pgvector.psycopg.halfvec import register_halfvec_info
    from psycopg.types import TypeInfo

    embedding = Embedding._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {STAGING} (paper_id bigint, vector halfvec,"
            f" text_hash text); TRUNCATE {STAGING}"
        )
        raw = cursor.cursor  # psycopg's own cursor: Django has no COPY
        # The halfvec dumper on this cursor only: on the connection it would change what
        # Django's own queries read back.
        register_halfvec_info(raw, TypeInfo.fetch(raw.connection, "halfvec"))
        with raw.copy(
            f"COPY {STAGING} (paper_id, vector, text_hash) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["int8", "halfvec", "text"])
            for row in zip(paper_ids, vectors, text_hashes, strict=True):
                copy.write_row((row[0], HalfVector(row[1]), row[2]))
        cursor.execute(
            f"""
            INSERT INTO {embedding} (paper_id, model_name, vector, text_hash, created)
            SELECT paper_id, %s, vector, text_hash, %s FROM {STAGING}
            ON CONFLICT (paper_id, model_name) DO UPDATE
            SET vector = EXCLUDED.vector, text_hash = EXCLUDED.text_hash,
                created = EXCLUDED.created
            """,
            [encoder.model_name(), timezone.now()],
        )
    coverage_changed()  # this process's searches see the new vectors at once


@dataclass(frozen=True)
class EmbeddingStatus:
    papers: int
    embedded: int
    model: str
    device: str
    dtype: str

    @property
    def pending(self) -> int:
        return self.papers - self.embedded


def embedding_status() -> EmbeddingStatus:
    """Papers, and how many have a current vector of the active model."""
    model = encoder.model_name()
    paper, embedding = Paper._meta.db_table, Embedding._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT (SELECT count(*) FROM {paper}),
                   (SELECT count(*) FROM {embedding} e JOIN {paper} p ON p.id = e.paper_id
                    WHERE e.model_name = %s
                      AND e.text_hash = {encoder.TEXT_HASH_SQL.format(row="p.")})
            """,
            [model],
        )
        papers, embedded = cursor.fetchone()
    current = encoder.info()
    return EmbeddingStatus(papers, embedded, model, current.device, current.dtype)


@dataclass(frozen=True)
class Coverage:
    papers: int
    embedded: int  # papers with a vector of the active model (a stale one still ranks)

    @property
    def share(self) -> float:
        return self.embedded / self.papers if self.papers else 1.0

    @property
    def waiting(self) -> int:
        return max(self.papers - self.embedded, 0)


# Searches ask on every query, and counting a million rows costs tens of milliseconds:
# the figure may be this many seconds old.
COVERAGE_SECONDS = 30


def vector_coverage() -> Coverage:
    """How many papers the dense side can rank now, as of at most COVERAGE_SECONDS ago."""
    counts = cache.get(_coverage_key())
    if counts is None:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {Paper._meta.db_table}), (SELECT count(*) "
                f"FROM {Embedding._meta.db_table} WHERE model_name = %s)",
                [encoder.model_name()],
            )
            counts = cursor.fetchone()
        cache.set(_coverage_key(), counts, COVERAGE_SECONDS)
    return Coverage(*counts)


def coverage_changed() -> None:
    """Vectors were written or removed here: count them afresh at the next search."""
    cache.delete(_coverage_key())


def _coverage_key() -> str:
    return f"vector-coverage:{encoder.model_name()}"
