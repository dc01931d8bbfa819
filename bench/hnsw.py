"""make bench-hnsw: what an HNSW index over 1M vectors costs to build on this machine, and
what it finds, for the options issue 37 asks about. Each option's index is built beside
the table (the current one is set aside meanwhile), timed, queried and dropped:

- the index as papers/models.py defines it (m 16, ef_construction 64), and lighter
  graphs (ef_construction 32; m 8);
- pgvector's binary-quantised index (`binary_quantize(vector)::bit(384)`, Hamming) with
  the candidates re-ranked over the full vectors;
- a `halfvec` index of the first half of each vector, re-ranked the same way;
- the defined index with no parallel maintenance worker (the others use one per core
  beside the backend's own).

Recall@10 is against an exact scan, for `--queries` vectors of real papers (each query's
own paper left out), at the ef_search a search uses (40); the index in place is measured
first, with the same queries, as the reference. Runs on the database a
`make bench-scale --keep` left (`--database`), or builds one of `--papers`.

Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import bench_database, load_corpus

TARGET_BUILD_S = 120
TARGET_RECALL = 0.98
INDEX = "embedding_vector_hnsw"
TABLE = "papers_embedding"
RERANK = 100  # candidates a quantised index hands to the exact re-rank

# name: (index expression and opclass, WITH options, the ORDER BY of a query over it, or
# None for the full vector's own order)
FULL = "vector halfvec_cosine_ops"
HALF = "subvector(%s, 1, 192)::halfvec(192)"
OPTIONS = {
    "defined (m 16, ef_construction 64)": (FULL, "m = 16, ef_construction = 64", None),
    "ef_construction 32": (FULL, "m = 16, ef_construction = 32", None),
    "m 8, ef_construction 32": (FULL, "m = 8, ef_construction = 32", None),
    "binary quantised + re-rank": (
        "(binary_quantize(vector)::bit(384)) bit_hamming_ops", "m = 16, ef_construction = 64",
        "binary_quantize(vector)::bit(384) <~> binary_quantize(%(q)s::halfvec)::bit(384)"),
    "first 192 dims (halfvec) + re-rank": (
        f"({HALF % 'vector'}) halfvec_cosine_ops", "m = 16, ef_construction = 64",
        f"{HALF % 'vector'} <=> {HALF % '%(q)s::halfvec'}"),
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", default="paperscope_bench_scale")
    parser.add_argument("--papers", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--only", nargs="*", help="options by name (default: all)")
    parser.add_argument("--serial", action="store_true", help="also the defined index with "
                        "no parallel maintenance worker")  # fmt: skip
    args = parser.parse_args()
    with bench_database(args.database, reuse=True, keep=True):
        import django

        django.setup()
        from django.db import connection

        from papers.models import Embedding

        if Embedding.objects.count() < args.papers:
            load_corpus(args.papers)
        with connection.cursor() as cursor:
            queries = sample_queries(cursor, args.queries)
            exact = [exact_top(cursor, pid, vector) for pid, vector in queries]
            # The index in place first: the same queries' reference, with no build.
            results = {"in place (as papers/models.py defines it)":
                       recall(cursor, queries, exact, order=None) | {"build_s": None}}
            print(row(*next(iter(results.items()))), flush=True)
            cursor.execute(f"ALTER INDEX IF EXISTS {INDEX} RENAME TO {INDEX}_kept")
            try:
                chosen = {n: o for n, o in OPTIONS.items() if not args.only or n in args.only}
                for name, option in chosen.items():
                    results[name] = measure(cursor, option, queries, exact, workers=None)
                    print(row(name, results[name]), flush=True)
                if args.serial:
                    name = "defined, no parallel worker"
                    option = OPTIONS["defined (m 16, ef_construction 64)"]
                    results[name] = measure(cursor, option, queries, exact, workers=0)
                    print(row(name, results[name]), flush=True)
            finally:
                cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
                cursor.execute(f"ALTER INDEX IF EXISTS {INDEX}_kept RENAME TO {INDEX}")
    print(json.dumps({"benchmark": "hnsw", "papers": args.papers, "queries": args.queries,
                      "target_build_s": TARGET_BUILD_S, "target_recall": TARGET_RECALL,
                      "options": results}))  # fmt: skip


def sample_queries(cursor, count: int) -> list[tuple[int, str]]:
    cursor.execute(f"SELECT paper_id, vector::text FROM {TABLE} e JOIN papers_paper p "
                   "ON p.id = e.paper_id WHERE p.arxiv_id NOT LIKE 'synthetic:%%' "
                   "ORDER BY hashint8(paper_id) LIMIT %s", [count])  # fmt: skip
    return cursor.fetchall()


def exact_top(cursor, paper_id: int, vector: str, k: int = 10) -> list[int]:
    cursor.execute("SET enable_indexscan = off")
    cursor.execute(f"SELECT paper_id FROM {TABLE} WHERE paper_id <> %s "
                   "ORDER BY vector <=> %s::halfvec LIMIT %s", [paper_id, vector, k])  # fmt: skip
    found = [r[0] for r in cursor.fetchall()]
    cursor.execute("RESET enable_indexscan")
    return found


def measure(cursor, option, queries, exact, workers: int | None) -> dict:
    expression, options, order = option
    workers = max(1, (os.cpu_count() or 2) - 1) if workers is None else workers
    cursor.execute(f"SET max_parallel_maintenance_workers = {workers}")
    cursor.execute("SET maintenance_work_mem = '4GB'")
    started = time.perf_counter()
    cursor.execute(f"CREATE INDEX {INDEX} ON {TABLE} USING hnsw ({expression}) WITH ({options})")
    build_s = time.perf_counter() - started
    cursor.execute("SELECT pg_relation_size(%s)", [INDEX])
    size_mb = cursor.fetchone()[0] / 2**20
    found = recall(cursor, queries, exact, order)
    cursor.execute(f"DROP INDEX {INDEX}")
    return found | {"build_s": round(build_s, 1), "size_mb": round(size_mb, 1),
                    "parallel_workers": workers}  # fmt: skip


def recall(cursor, queries, exact, order: str | None) -> dict:
    """Recall@10 against the exact top 10, and query times, through the index there."""
    cursor.execute("SET hnsw.ef_search = 40")
    hits, times = 0, []
    for (pid, vector), truth in zip(queries, exact, strict=True):
        started = time.perf_counter()
        if order is None:
            cursor.execute(f"SELECT paper_id FROM {TABLE} WHERE paper_id <> %(p)s "
                           "ORDER BY vector <=> %(q)s::halfvec LIMIT 10",
                           {"p": pid, "q": vector})  # fmt: skip
        else:
            cursor.execute(f"SET hnsw.ef_search = {RERANK}")
            cursor.execute(f"SELECT paper_id FROM (SELECT paper_id, vector FROM {TABLE} "
                           f"WHERE paper_id <> %(p)s ORDER BY {order} LIMIT {RERANK}) c "
                           "ORDER BY vector <=> %(q)s::halfvec LIMIT 10",
                           {"p": pid, "q": vector})  # fmt: skip
        found = [r[0] for r in cursor.fetchall()]
        times.append((time.perf_counter() - started) * 1000)
        hits += len(set(found) & set(truth))
    cursor.execute("RESET hnsw.ef_search")
    times.sort()
    return {
        "recall_at_10": round(hits / (10 * len(queries)), 4),
        "query_ms_p50": round(times[len(times) // 2], 1),
        "query_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1),
    }


def row(name: str, r: dict) -> str:
    if r["build_s"] is None:
        return (f"{name:<38} recall@10 {r['recall_at_10']:.4f}  "
                f"query p50 {r['query_ms_p50']:>6.1f} ms")  # fmt: skip
    met = r["build_s"] <= TARGET_BUILD_S and r["recall_at_10"] >= TARGET_RECALL
    return (f"{name:<38} build {r['build_s']:>7.1f} s  {r['size_mb']:>7.1f} MB  "
            f"recall@10 {r['recall_at_10']:.4f}  query p50 {r['query_ms_p50']:>6.1f} ms  "
            f"{'both targets met' if met else 'misses'}")  # fmt: skip


if __name__ == "__main__":
    main()
