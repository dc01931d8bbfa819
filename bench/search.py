"""make bench-search: server-side search latency and HNSW recall at scale.

Loads the 106,764 shared papers with their bundled vectors into a database of its own
(`--papers N` above that adds synthetic papers: copies of real ones whose vectors are the
real vector plus Gaussian noise, renormalised, so the corpus keeps its cluster structure),
builds the HNSW index, then runs 1,000 title queries per mode through `paper_search`
(the service the API calls, page of 20, snippets included) and prints p50/p95/p99 with
the query-vector cache missing, then hybrid again with it hitting; HNSW recall@10
against exact search; and the exact-scan latency in PostgreSQL on the same machine.
Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
DATABASE = "paperscope_bench_search"
NOISE = 0.05  # per-dimension sigma before renormalising: neighbours stay neighbours

sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=106_764)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    if os.environ.get("DATABASE_URL"):
        sys.exit("bench-search uses the embedded PostgreSQL; unset DATABASE_URL")

    import psycopg
    from psycopg import sql

    from config import embedded

    server = embedded.postgres()  # held by this process for its whole run
    admin = psycopg.connect(host=server.host, user=server.user, dbname="postgres", autocommit=True)
    name = sql.Identifier(DATABASE)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    os.environ["DATABASE_URL"] = f"postgres://{server.user}@/{DATABASE}?host={server.host}"
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO_DIR,
                   check=True)  # fmt: skip
    try:
        figures = run(args.papers, args.queries)
    finally:
        from django.db import connections

        connections.close_all()
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    report(figures)


def run(papers: int, query_count: int) -> dict:
    import django

    django.setup()
    import numpy as np
    from django.db import connection

    from papers.importer import import_files

    figures: dict = {"papers": papers}
    started = time.perf_counter()
    import_files([SHARED_DATA / "arxiv-ml-106k.jsonl.gz"])
    vectors = np.load(SHARED_DATA / "arxiv-ml-106k.minilm-f16.npy").astype(np.float32)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM papers_paper ORDER BY id")
        ids = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        # Bulk load first, index after (as `manage.py reindex` advises): one HNSW build is
        # far cheaper than a million inserts into the graph.
        cursor.execute("SELECT pg_get_indexdef('embedding_vector_hnsw'::regclass)")
        (index_definition,) = cursor.fetchone()
        cursor.execute("DROP INDEX embedding_vector_hnsw")
    store_vectors(ids, vectors)
    if papers > len(ids):
        ids, vectors = add_synthetic(ids, vectors, papers - len(ids))
    figures["load_s"] = round(time.perf_counter() - started, 1)

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '2GB'")
        cursor.execute("SET max_parallel_maintenance_workers = 1")
        cursor.execute(index_definition)
        cursor.execute("SELECT pg_relation_size('embedding_vector_hnsw')")
        figures["hnsw_size_mb"] = round(cursor.fetchone()[0] / 2**20, 1)
        cursor.execute("VACUUM ANALYZE papers_embedding")
        cursor.execute("VACUUM ANALYZE papers_paper")
    figures["hnsw_build_s"] = round(time.perf_counter() - started, 1)

    queries = sample_titles(query_count)
    figures.update(latencies(queries))
    figures.update(recall_and_exact(ids, vectors))
    return figures


def store_vectors(ids, vectors) -> None:
    """The bundled vectors as the active model's, with the hash of each paper's text."""
    from django.db import connection
    from pgvector import HalfVector
    from pgvector.psycopg import register_vector

    from papers.encoder import TEXT_HASH_SQL, model_name

    connection.ensure_connection()
    register_vector(connection.connection)  # binary halfvec for COPY
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_vectors (paper_id bigint, vector halfvec(384))")
        with cursor.copy("COPY bench_vectors FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "halfvec"])
            for paper_id, vector in zip(ids, vectors, strict=True):
                copy.write_row((int(paper_id), HalfVector(vector)))
        cursor.execute(
            f"""
            INSERT INTO papers_embedding (paper_id, model_name, vector, text_hash, created)
            SELECT v.paper_id, %s, v.vector, {TEXT_HASH_SQL.format(row="p.")}, now()
            FROM bench_vectors v JOIN papers_paper p ON p.id = v.paper_id
            ON CONFLICT (paper_id, model_name) DO NOTHING
            """,
            [model_name()],
        )
        cursor.execute("DROP TABLE bench_vectors")


def add_synthetic(ids, vectors, extra: int):
    """Copies of real papers (text and search vector) with noisy vectors."""
    import numpy as np
    from django.db import connection

    rng = np.random.default_rng(11)
    all_ids, all_vectors = [ids], [vectors]
    made = 0
    while made < extra:
        count = min(len(ids), extra - made)
        source = rng.choice(len(ids), count, replace=False)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO papers_paper (arxiv_id, title, abstract, authors, categories,
                    published, updated, abs_url, pdf_url, upvotes, source, created, modified,
                    search_vector)
                SELECT 'synthetic:' || %s || ':' || arxiv_id, title, abstract, authors,
                    categories, published, updated, '', '', upvotes, source, now(), now(),
                    search_vector
                FROM papers_paper p JOIN unnest(%s::bigint[]) WITH ORDINALITY s(id, n)
                    ON s.id = p.id
                ORDER BY s.n
                RETURNING id
                """,
                [made, [int(i) for i in ids[source]]],
            )
            new_ids = np.array([row[0] for row in cursor.fetchall()], dtype=np.int64)
        noisy = vectors[source] + rng.normal(0, NOISE, (count, vectors.shape[1]))
        noisy = (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)
        store_vectors(new_ids, noisy)
        all_ids.append(new_ids)
        all_vectors.append(noisy)
        made += count
    return np.concatenate(all_ids), np.concatenate(all_vectors)


def sample_titles(count: int) -> list[str]:
    from papers.models import Paper

    titles = list(
        Paper.objects.exclude(arxiv_id__startswith="synthetic:")
        .order_by("?")[:count]
        .values_list("title", flat=True)
    )
    return [t[:200] for t in titles]


def latencies(queries: list[str]) -> dict:
    from django.core.cache import cache

    from search.service import paper_search

    paper_search("warm up the keyword index and the model", mode="hybrid")
    out = {}
    for mode in ("semantic", "keyword", "hybrid"):
        cache.clear()  # every query vector a cache miss
        times, hits = [], 0
        for query in queries:
            result = paper_search(query, mode=mode, page_size=20)
            times.append(result.seconds * 1000)
            hits += bool(result.query_vector_cached)
        out[mode] = percentiles(times) | {"cache_hits": hits, "cache_misses": len(queries) - hits
                                          if mode != "keyword" else 0}  # fmt: skip
    times, hits = [], 0
    for query in queries:  # the same queries again: their vectors are in the cache now
        result = paper_search(query, mode="hybrid", page_size=20)
        times.append(result.seconds * 1000)
        hits += bool(result.query_vector_cached)
    out["hybrid_cached"] = percentiles(times) | {"cache_hits": hits,
                                                 "cache_misses": len(queries) - hits}  # fmt: skip
    return {"latency_ms": out}


def percentiles(times: list[float]) -> dict:
    import numpy as np

    values = np.array(times)
    return {f"p{p}": round(float(np.percentile(values, p)), 1) for p in (50, 95, 99)}


def recall_and_exact(ids, vectors, sample: int = 200) -> dict:
    import numpy as np
    from django.db import connection, transaction

    from search.semantic import nearest

    rng = np.random.default_rng(5)
    queries = vectors[rng.choice(len(vectors), sample, replace=False)]
    queries = queries + rng.normal(0, 0.02, queries.shape).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    hits = 0
    for query in queries:
        truth = set(ids[np.argsort(-(vectors @ query))[:10]].tolist())
        hits += len({pid for pid, _ in nearest(query, 10)} & truth)
    exact_ms = []
    for query in queries[:20]:
        literal = "[" + ",".join(f"{x:.7g}" for x in query) + "]"
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(
                "SELECT paper_id FROM papers_embedding ORDER BY vector <=> %s::halfvec LIMIT 10",
                [literal],
            )
            cursor.fetchall()
        exact_ms.append((time.perf_counter() - started) * 1000)
    ann_ms = []
    for query in queries[:20]:
        started = time.perf_counter()
        nearest(query, 10)
        ann_ms.append((time.perf_counter() - started) * 1000)
    return {
        "hnsw_recall_at_10": round(hits / (10 * sample), 4),
        "exact_scan_ms_p50": round(float(np.median(exact_ms)), 1),
        "hnsw_scan_ms_p50": round(float(np.median(ann_ms)), 1),
    }


def report(f: dict) -> None:
    print(f"Search over {f['papers']:,} papers (2-core CPU), page of 20, server-side\n")
    print(f"load {f['load_s']} s; HNSW build {f['hnsw_build_s']} s, {f['hnsw_size_mb']} MB")
    print(f"\n{'mode':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'cache hit/miss':>16}")
    for mode, r in f["latency_ms"].items():
        label = "hybrid (vector cached)" if mode == "hybrid_cached" else f"{mode} (cache miss)"
        if mode == "keyword":
            label = "keyword"
        print(f"{label:<24}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
              f"{r.get('cache_hits', 0):>8}/{r.get('cache_misses', 0):<7}")  # fmt: skip
    print(
        f"\nHNSW recall@10 vs exact: {f['hnsw_recall_at_10']:.4f}; nearest-10 scan p50: "
        f"HNSW {f['hnsw_scan_ms_p50']} ms, exact {f['exact_scan_ms_p50']} ms "
        f"({f['exact_scan_ms_p50'] / max(f['hnsw_scan_ms_p50'], 0.01):.0f}x)"
    )
    print(json.dumps({"benchmark": "search", **f}))


if __name__ == "__main__":
    main()
