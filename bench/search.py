"""make bench-search: server-side search latency and HNSW recall at scale.

Loads the 106,764 shared papers with their bundled vectors into a database of its own
(`--papers N` above that adds synthetic papers: copies of real ones whose vectors are the
real vector plus Gaussian noise, renormalised, so the corpus keeps its cluster structure),
builds the HNSW index and the keyword index (timed), then runs 1,000 title queries per
mode through `paper_search` (the service the API calls, page of 20, snippets included)
and prints p50/p95/p99 with the query-vector cache missing, then hybrid again with it
hitting, and 200 pasted 5,000-character texts; each engine alone on the same queries
(encoding, Tantivy's top 100, the HNSW SQL) and the pipeline's time over their sum; the
keyword reader's memory; HNSW recall@10 against exact search; and the exact-scan latency
in PostgreSQL on the same machine, the yardstick every figure is also given against.
`make bench-search` exports the ONNX query encoder first, as production does.
Ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import bench_database, load_corpus

DATABASE = "paperscope_bench_search"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=106_764)
    parser.add_argument("--queries", type=int, default=1000)
    args = parser.parse_args()
    with bench_database(DATABASE):
        ids, vectors, figures = load_corpus(args.papers)
        queries = sample_titles(args.queries)
        prose = sample_prose(min(args.queries, 200))
        figures.update(keyword_reader_memory(queries))
        figures.update(keyword_workers_memory(queries))
        figures.update(latencies(queries, prose))
        figures.update(raw_engines(queries, prose))
        figures.update(recall_and_exact(ids, vectors))
    report(figures)


def sample_titles(count: int) -> list[str]:
    from papers.models import Paper

    titles = list(
        Paper.objects.exclude(arxiv_id__startswith="synthetic:")
        .order_by("?")[:count]
        .values_list("title", flat=True)
    )
    return [t[:200] for t in titles]


def sample_prose(count: int, chars: int = 5000) -> list[str]:
    """Pasted drafts at the longest `q` takes: a paper's title and abstract, then other
    abstracts, up to `chars` characters."""
    from papers.models import Paper

    rows = list(Paper.objects.exclude(arxiv_id__startswith="synthetic:")
                .order_by("?")[: count * 6].values_list("title", "abstract"))  # fmt: skip
    texts = []
    for i in range(count):
        parts = [f"{rows[i][0]}. {rows[i][1]}", *(r[1] for r in rows[count + i * 5 :][:5])]
        texts.append(" ".join(parts)[:chars])
    return texts


def latencies(queries: list[str], prose: list[str]) -> dict:
    from django.core.cache import cache

    from search.params import parse_search_params
    from search.pipeline import paper_search

    def search(text: str, mode: str):  # result.seconds times the search alone
        return paper_search(parse_search_params({"q": text, "mode": mode, "k": 20}))

    search("warm up the keyword index and the model", "hybrid")
    out = {}
    for mode in ("semantic", "keyword", "hybrid"):
        cache.clear()  # every query vector a cache miss
        times, hits = [], 0
        for query in queries:
            result = search(query, mode)
            times.append(result.seconds * 1000)
            hits += bool(result.query_vector_cached)
        out[mode] = percentiles(times) | {"cache_hits": hits, "cache_misses": len(queries) - hits
                                          if mode != "keyword" else 0}  # fmt: skip
    times, hits = [], 0
    for query in queries:  # the same queries again: their vectors are in the cache now
        result = search(query, "hybrid")
        times.append(result.seconds * 1000)
        hits += bool(result.query_vector_cached)
    out["hybrid_cached"] = percentiles(times) | {"cache_hits": hits,
                                                 "cache_misses": len(queries) - hits}  # fmt: skip
    cache.clear()
    times = [search(text, "hybrid").seconds * 1000 for text in prose]
    out["hybrid_prose"] = percentiles(times) | {"cache_hits": 0, "cache_misses": len(prose)}
    return {"latency_ms": out}


def raw_engines(queries: list[str], prose: list[str]) -> dict:
    """Each engine alone on the same queries, as the pipeline calls it: encoding without
    the cache (the encoder the web side runs), Tantivy's top 100, and the HNSW SQL at the
    pipeline's depth (40 nearest beside the keyword side's 100 for a title, 100 for
    prose). What a search costs above their sum is the pipeline's own (parse, fuse,
    hydrate)."""
    import numpy as np

    from papers import encoder
    from search.fulltext.reader import keyword_reader
    from search.params import parse_search_params
    from search.pipeline import CANDIDATES, FUSED_DENSE_CANDIDATES
    from search.semantic import nearest, normalised_query

    def timed(call) -> float:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000

    out = {}
    for name, texts, depth in (("title", queries, FUSED_DENSE_CANDIDATES),
                               ("prose", prose, CANDIDATES)):  # fmt: skip
        params = [parse_search_params({"q": text, "mode": "hybrid"}) for text in texts]
        normalised = [normalised_query(p.text) for p in params]
        vectors = [encoder.encode_query(text) for text in normalised]  # warm
        encode = [timed(lambda t=text: encoder.encode_query(t)) for text in normalised]
        tantivy = [timed(lambda p=p: keyword_reader.search(p.keyword, p.filters, CANDIDATES))
                   for p in params]  # fmt: skip
        hnsw = [timed(lambda v=v, d=depth: nearest(v, d)) for v in vectors]
        out[name] = {"encode_ms_p50": float(np.median(encode)),
                     "tantivy_ms_p50": float(np.median(tantivy)),
                     "hnsw_ms_p50": float(np.median(hnsw))}  # fmt: skip
    return {"raw_engines": {k: {m: round(v, 2) for m, v in r.items()} for k, r in out.items()},
            "query_encoder": query_encoder_kind()}  # fmt: skip


def query_encoder_kind() -> str:
    from papers import encoder, query_encoder

    name = encoder.model_name()
    if not query_encoder.available(name, encoder.model_path(name)):
        return "torch (no ONNX export: run manage.py export_query_encoder)"
    meta = json.loads(query_encoder.onnx_file(name).with_suffix(".json").read_text())
    return f"ONNX {'int8' if meta['int8'] else 'float32'} on onnxruntime"


def keyword_reader_memory(queries: list[str]) -> dict:
    """What opening the keyword index and answering queries adds to this process's private
    memory: USS (which counts mapped index pages no other process maps yet, so it
    overstates what a second gunicorn worker adds) and private dirty pages (the reader's
    own heap, which every worker pays)."""
    import psutil

    from papers.filters import Filters
    from search.fulltext.reader import keyword_reader
    from search.query import parse_keyword_query

    def private() -> tuple[float, float]:
        memory = psutil.Process().memory_full_info()
        dirty = sum(m.private_dirty for m in psutil.Process().memory_maps(grouped=True))
        return memory.uss / 2**20, dirty / 2**20

    uss_before, dirty_before = private()
    for query in queries:
        keyword_reader.search(parse_keyword_query(query), Filters(), 1000)
    uss_after, dirty_after = private()
    return {"keyword_reader_uss_mb": round(uss_after - uss_before, 1),
            "keyword_reader_private_dirty_mb": round(dirty_after - dirty_before, 1)}  # fmt: skip


# One web worker's keyword reader: it opens the index, answers the queries (read from
# stdin), says "ready", and measures itself once told to (every worker having answered,
# so the pages they all map are shared by then, as in gunicorn).
WORKER = """
import json, sys, django, psutil
django.setup()
from papers.filters import Filters
from search.fulltext.reader import keyword_reader
from search.query import parse_keyword_query
def private():
    maps = psutil.Process().memory_maps(grouped=True)
    return (psutil.Process().memory_full_info().uss / 2**20,
            sum(m.private_dirty for m in maps) / 2**20)
queries = json.loads(sys.stdin.readline())
uss, dirty = private()
for query in queries:
    keyword_reader.search(parse_keyword_query(query), Filters(), 100)
print("ready", flush=True)
sys.stdin.readline()
uss_after, dirty_after = private()
print(json.dumps({"uss": uss_after - uss, "dirty": dirty_after - dirty}), flush=True)
"""


def keyword_workers_memory(queries: list[str], workers: int = 3) -> dict:
    """What the keyword reader adds to each of `workers` processes that search the same
    index at once (gunicorn's workers): USS and private dirty, the largest of them."""
    import subprocess

    from corpus import REPO_DIR

    processes = [
        subprocess.Popen([sys.executable, "-c", WORKER], cwd=REPO_DIR, text=True,
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for _ in range(workers)
    ]  # fmt: skip
    for process in processes:
        process.stdin.write(json.dumps(queries) + "\n")
        process.stdin.flush()
    for process in processes:
        assert process.stdout.readline().strip() == "ready"
    results = []
    for process in processes:
        process.stdin.write("measure\n")
        process.stdin.flush()
        results.append(json.loads(process.stdout.readline()))
        process.wait(30)
    return {
        "keyword_worker_uss_mb_max": round(max(r["uss"] for r in results), 1),
        "keyword_worker_private_dirty_mb_max": round(max(r["dirty"] for r in results), 1),
        "keyword_workers": workers,
    }


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
    print(
        f"load {f['load_s']} s; HNSW build {f['hnsw_build_s']} s, {f['hnsw_size_mb']} MB; "
        f"keyword index build {f['keyword_index_build_s']} s, {f['keyword_index_mb']} MB"
    )
    print(f"keyword reader: +{f['keyword_reader_uss_mb']} MB USS, "
          f"+{f['keyword_reader_private_dirty_mb']} MB private dirty alone; with "
          f"{f['keyword_workers']} workers at once, each +{f['keyword_worker_uss_mb_max']} MB "
          f"USS at most, +{f['keyword_worker_private_dirty_mb_max']} MB private dirty")  # fmt: skip
    exact = f["exact_scan_ms_p50"]
    print(f"query encoder: {f['query_encoder']}; exact 10-NN scan p50 {exact} ms (the yardstick)")
    print(f"\n{'mode':<24}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'p50 x':>8}{'p99 x':>8}"
          f"{'cache hit/miss':>16}")  # fmt: skip
    labels = {"keyword": "keyword", "hybrid_cached": "hybrid (vector cached)",
              "hybrid_prose": "hybrid, 5,000 chars"}  # fmt: skip
    for mode, r in f["latency_ms"].items():
        label = labels.get(mode, f"{mode} (cache miss)")
        print(f"{label:<24}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['p99']:>9.1f}"
              f"{r['p50'] / exact:>8.3f}{r['p99'] / exact:>8.3f}"
              f"{r.get('cache_hits', 0):>8}/{r.get('cache_misses', 0):<7}")  # fmt: skip
    print("(x = over the same run's exact scan)")
    print(f"\n{'raw engines, p50 ms':<24}{'encode':>9}{'Tantivy':>9}{'HNSW':>9}{'sum':>9}"
          f"{'pipeline':>10}{'x sum':>8}")  # fmt: skip
    raw, latency = f["raw_engines"], f["latency_ms"]
    rows = [("keyword", "title", latency["keyword"], ("tantivy",)),
            ("hybrid (cache miss)", "title", latency["hybrid"], ("encode", "tantivy", "hnsw")),
            ("hybrid (vector cached)", "title", latency["hybrid_cached"], ("tantivy", "hnsw")),
            ("hybrid, 5,000 chars", "prose", latency["hybrid_prose"],
             ("encode", "tantivy", "hnsw"))]  # fmt: skip
    for label, kind, r, parts in rows:
        times = {part: raw[kind][f"{part}_ms_p50"] for part in ("encode", "tantivy", "hnsw")}
        total = sum(times[part] for part in parts)
        cells = "".join(f"{times[part]:>9.2f}" if part in parts else f"{'':>9}"
                        for part in ("encode", "tantivy", "hnsw"))  # fmt: skip
        print(f"{label:<24}{cells}{total:>9.2f}{r['p50']:>10.1f}{r['p50'] / total:>8.2f}")
    print(
        f"\nHNSW recall@10 vs exact: {f['hnsw_recall_at_10']:.4f}; nearest-10 scan p50: "
        f"HNSW {f['hnsw_scan_ms_p50']} ms, exact {f['exact_scan_ms_p50']} ms "
        f"({f['exact_scan_ms_p50'] / max(f['hnsw_scan_ms_p50'], 0.01):.0f}x)"
    )
    print(json.dumps({"benchmark": "search", **f}))


if __name__ == "__main__":
    main()
