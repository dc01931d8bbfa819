"""Embedding papers: which need it, computing and storing vectors, and progress.
Queueing the work is the tasks' job (papers/tasks.py).

Each stored vector records its model and the hash of the text it embedded, so re-running
is harmless (current vectors are skipped), an edited abstract or another EMBEDDING_MODEL
gets a new vector, and the database itself can list what is missing or stale.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from papers import encoder
from papers.models import Embedding, Paper

# One task embeds up to this many papers: a few seconds of CPU work, so a lost or
# repeated task costs little, and the queue never holds one message per paper.
PAPERS_PER_TASK = 256
# The model reads 256 tokens at most; cutting absurdly long text first keeps one huge
# record from stalling its batch in the tokenizer.
MAX_TEXT_CHARS = 20_000


def _needing_sql(limit: int | None) -> tuple[str, list]:
    paper, embedding = Paper._meta.db_table, Embedding._meta.db_table
    sql = f"""
        SELECT p.id FROM {paper} p
        LEFT JOIN {embedding} e ON e.paper_id = p.id AND e.model_name = %s
        WHERE e.id IS NULL OR e.text_hash <> {encoder.TEXT_HASH_SQL.format(row="p.")}
        ORDER BY p.id
    """
    params: list = [encoder.model_name()]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def paper_ids_needing_embedding(limit: int | None = None) -> list[int]:
    """Papers with no vector of the active model, or one of text that has since changed."""
    sql, params = _needing_sql(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def chunks(ids: Sequence[int], size: int = PAPERS_PER_TASK) -> Iterator[list[int]]:
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def embed_papers_now(paper_ids: Iterable[int], force: bool = False) -> int:
    """Compute and store vectors for these papers in this process; returns how many were
    written. Papers whose current vector matches their text are skipped unless `force`."""
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
    if not hashes:
        return 0
    ids = list(hashes)
    vectors = encoder.encode([texts[pid][:MAX_TEXT_CHARS] for pid in ids])
    store_vectors(ids, vectors, [hashes[pid] for pid in ids])
    return len(ids)


def store_vectors(paper_ids: Sequence[int], vectors, text_hashes: Sequence[str]) -> None:
    """Upsert these papers' vectors of the active model: one multi-row INSERT ... ON
    CONFLICT DO UPDATE a batch."""
    model, now = encoder.model_name(), timezone.now()
    Embedding.objects.bulk_create(
        [
            Embedding(paper_id=pid, model_name=model, vector=vector, text_hash=text_hash,
                      created=now)
            for pid, vector, text_hash in zip(paper_ids, vectors, text_hashes, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["paper", "model_name"],
        update_fields=["vector", "text_hash", "created"],
    )  # fmt: skip


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
