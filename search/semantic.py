"""Nearest-neighbour search over the active model's vectors (HNSW, cosine).

Filters are applied inside the index scan: pgvector's iterative scans keep walking the
graph until enough rows pass the filter, so a filter never silently returns fewer than
k results while matches exist.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db import OperationalError, connection, connections, transaction

from config.replicas import read_alias
from papers import encoder
from papers.filters import Filters
from papers.models import EMBEDDING_DIMENSIONS, Embedding, Paper
from papers.selectors import binary_rows

QUERY_VECTOR_SECONDS = 24 * 3600
# The cosine distance of the query (%s) to each of these papers (%s) that has a vector
# of this model (%s).
_DISTANCES_SQL = (
    f"SELECT paper_id, vector <=> %s::halfvec AS distance FROM {Embedding._meta.db_table} "
    "WHERE paper_id = ANY(%s) AND model_name = %s"
)
# An HNSW scan's beam (%s) and iterative scanning, for the session: set before each scan.
_SCAN_SETTINGS_SQL = ("SELECT set_config('hnsw.ef_search', %s, false), "
                      "set_config('hnsw.iterative_scan', 'relaxed_order', false)")  # fmt: skip


def query_vector(text: str) -> tuple[np.ndarray, bool]:
    """The query's vector and whether it came from the cache (keyed by model and the
    normalised query, so 'Graph  Networks' and 'graph networks' share an entry)."""
    normalised = normalised_query(text)
    key = "qvec:" + hashlib.sha256(f"{encoder.model_name()}\0{normalised}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return np.frombuffer(cached, dtype=np.float32), True
    vector = encoder.encode_query(normalised).astype(np.float32)
    cache.set(key, vector.tobytes(), QUERY_VECTOR_SECONDS)
    return vector, False


def normalised_query(text: str) -> str:
    """What a query is encoded as: case and spacing do not change its meaning."""
    return " ".join(text.casefold().split())


def nearest(
    vector: np.ndarray,
    k: int,
    filters: Filters | None = None,
    exclude_ids: Sequence[int] = (),
) -> list[tuple[int, float]]:
    """(paper id, cosine similarity) of the k nearest papers, most similar first."""
    return nearest_and_cosines(vector, k, filters, exclude_ids)[0]


def nearest_and_cosines(
    vector: np.ndarray,
    k: int,
    filters: Filters | None = None,
    exclude_ids: Sequence[int] = (),
    others: Sequence[int] = (),
) -> tuple[list[tuple[int, float]], dict[int, float]]:
    """The k nearest papers as `nearest` gives them, and the cosine similarity of each of
    `others` that has a vector (a hybrid search's keyword candidates), in one round trip:
    a second one cost ~1 ms of a hybrid search."""
    where, params = (filters or Filters()).sql()
    if exclude_ids:
        where += " AND p.id <> ALL(%s)"
        params.append(list(exclude_ids))
    literal, model = vector_literal(vector), encoder.model_name()
    sql = f"""
        (SELECT p.id, e.vector <=> %s::halfvec AS distance, true AS near
         FROM {Embedding._meta.db_table} e JOIN {Paper._meta.db_table} p ON p.id = e.paper_id
         WHERE e.model_name = %s AND {where}
         ORDER BY e.vector <=> %s::halfvec
         LIMIT %s)
    """
    params = [literal, model, *params, literal, k]
    if others:
        sql += f" UNION ALL SELECT paper_id, distance, false FROM ({_DISTANCES_SQL}) o"
        params += [literal, list(others), model]
    # A beam as wide as k (at least pgvector's default 40): twice k cost 50% more time
    # for no nDCG@10 on the dev set. relaxed_order lets filtered scans continue past the
    # first ef_search candidates (results are re-sorted below). Set afresh before every
    # scan (every HNSW scan goes through here), in the same round trip: through Django's
    # cursor, the vector's text inside the query, the 40 nearest with their settings took
    # 2.1 ms against 1.6. Prepared, the scan is still planned for each vector (PostgreSQL
    # finds its generic plan costlier), so only the parse is saved.
    settings = (_SCAN_SETTINGS_SQL, [str(max(40, k))])
    rows = binary_rows(sql, params, read_alias(Embedding._meta.label_lower), first=settings)
    ranked = sorted(((pid, 1.0 - d) for pid, d, near in rows if near), key=lambda r: -r[1])
    return ranked, {pid: 1.0 - d for pid, d, near in rows if not near}


def cosines(vector: np.ndarray, paper_ids: list[int]) -> dict[int, float]:
    """Cosine similarity of the query to these papers, computed in the database (shipping
    the vectors here and parsing them cost ten times more)."""
    if not paper_ids:
        return {}
    rows = binary_rows(_DISTANCES_SQL, [vector_literal(vector), paper_ids, encoder.model_name()])
    return {pid: 1.0 - distance for pid, distance in rows}


def vector_literal(vector: np.ndarray) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in vector) + "]"


def paper_vector(paper: Paper) -> np.ndarray | None:
    """The stored vector of a paper for the active model, if it has one."""
    return paper_vectors([paper.id]).get(paper.id)


def paper_vectors(paper_ids: list[int]) -> dict[int, np.ndarray]:
    """The stored vectors of these papers for the active model (those that have one)."""
    stored = Embedding.objects.filter(paper_id__in=paper_ids, model_name=encoder.model_name())
    pairs = stored.values_list("paper_id", "vector")
    return {pid: np.asarray(vector, dtype=np.float32) for pid, vector in pairs}


def all_paper_vectors() -> tuple[np.ndarray, np.ndarray]:
    """(paper ids, (n, dims) float32 vectors) of every paper with a current vector of the
    active model, in id order; read in binary (parsing 106k vectors as text takes ~10 s)."""
    import psycopg
    from pgvector.psycopg.halfvec import register_halfvec_info
    from psycopg.types import TypeInfo

    connection.ensure_connection()
    # A psycopg cursor of its own (Django's bind on the client, which cannot read binary),
    # with halfvec's loader on this cursor only.
    with psycopg.Cursor(connection.connection) as raw:
        register_halfvec_info(raw, TypeInfo.fetch(connection.connection, "halfvec"))
        raw.execute(
            f"""
            SELECT e.paper_id, e.vector FROM {Embedding._meta.db_table} e
            JOIN {Paper._meta.db_table} p ON p.id = e.paper_id
            WHERE e.model_name = %s AND e.text_hash = {encoder.TEXT_HASH_SQL.format(row="p.")}
            ORDER BY e.paper_id
            """,
            [encoder.model_name()],
            binary=True,
        )
        rows = raw.fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    if not rows:
        return ids, np.empty((0, EMBEDDING_DIMENSIONS), dtype=np.float32)
    return ids, np.stack([row[1].to_numpy() for row in rows]).astype(np.float32)


# The meaning side of a growth chart walks the HNSW index outwards from the query, taking
# FIRST_RING papers, then RING_GROWTH times more while every paper taken was still close
# enough, up to MAX_CLOSE: an exact scan over 1M vectors took ~0.8 s a chart. At 1M
# papers (30 title queries): 26 / 191 ms p50 / p95 against 93 / 298 ms starting at 1,000
# and going up to 64,000, for 3.5% fewer papers counted (those past the lower cap).
FIRST_RING = 250
RING_GROWTH = 4
MAX_CLOSE = 16_000


@dataclass(frozen=True)
class Close:
    papers: dict[int, dt.date | None]  # paper id: published date or None
    capped: bool  # MAX_CLOSE papers were taken and all were close: there may be more


def published_above(vector: np.ndarray, min_cosine: float, filters: Filters | None = None,
                    budget_s: float | None = None) -> Close:  # fmt: skip
    """The papers whose cosine to `vector` is at least `min_cosine` and that pass the
    filters, as the HNSW index finds them (a threshold has no "top k", so the walk widens
    until it reaches papers that are not close enough). Approximate as the index is: a
    close paper the graph walk does not reach is not counted.

    `budget_s`: a ring still running at the deadline is cancelled, and the papers of the
    last ring done are returned, `capped` (a floor). A broad query walked to MAX_CLOSE in
    up to 2 s at 1M papers. (Skipping a ring predicted to overrun, at RING_GROWTH times
    the last one's time, counted fewer papers for the same time: rings often cost less.)"""
    where, params = (filters or Filters()).sql()
    literal = vector_literal(vector)
    sql = f"""
        SELECT p.id, p.published, e.vector <=> %s::halfvec AS distance
        FROM {Embedding._meta.db_table} e JOIN {Paper._meta.db_table} p ON p.id = e.paper_id
        WHERE e.model_name = %s AND {where}
        ORDER BY e.vector <=> %s::halfvec
        LIMIT %s
    """
    deadline = time.monotonic() + budget_s if budget_s is not None else None
    limit, close = FIRST_RING, None
    while True:
        started = time.monotonic()
        # A ring still running at the deadline is cancelled; the first ring always runs.
        timeout = max(1, int((deadline - started) * 1000)) if deadline and close else 0
        # Relaxed order: the scan goes on past ef_search until `limit` papers that pass
        # the filters are found (or hnsw.max_scan_tuples, raised to match, is reached).
        # SET LOCAL: the widened scan is this walk's alone, not the session's next search's.
        alias = read_alias(Embedding._meta.label_lower)
        try:
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute(
                    f"SET LOCAL statement_timeout = {timeout};"
                    f" SET LOCAL hnsw.ef_search = {min(limit, 1000)};"
                    " SET LOCAL hnsw.iterative_scan = relaxed_order;"
                    f" SET LOCAL hnsw.max_scan_tuples = {max(20_000, limit * 4)}; {sql}",
                    [literal, encoder.model_name(), *params, literal, limit],
                )
                for _ in range(4):
                    cursor.nextset()
                rows = cursor.fetchall()
        except OperationalError:  # cancelled at the deadline: the last ring stands
            if close is None or not timeout:
                raise
            return Close(close, capped=True)
        close = {pid: day for pid, day, distance in rows if distance <= 1.0 - min_cosine}
        if len(close) < len(rows) or len(rows) < limit or limit >= MAX_CLOSE:
            return Close(close, capped=len(rows) == len(close) == limit)
        if deadline and time.monotonic() >= deadline:
            return Close(close, capped=True)
        limit = min(limit * RING_GROWTH, MAX_CLOSE)
