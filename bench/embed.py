"""make bench-embed: each stage of embedding on its own, then the whole pipeline.

On N real abstracts from ../shared (default 2000):
  tokenize  abstracts/s as sentence-transformers tokenizes (the transformers tokenizer, one
            thread), on the encoder's pool of 1, 2 and EMBEDDING_TOKENIZER_THREADS
            threads, and with the Rust tokenizer's own parallelism instead;
  forward   the forward pass alone, on pre-tokenized token-budget batches;
  encoder   the encoder stage as the worker runs it (papers.encoder.encode);
  bare      bare float32 SentenceTransformer.encode, as a user would call it;
  writes    vectors/s into pgvector through papers.embeddings.store_vectors: the 106,764
            bundled vectors with the HNSW index dropped (a bulk load), the index build
            after it, and 5,000 vectors with the index in place;
  pipeline  import, broker, a warm Celery worker, pgvector, timed until every vector is in;
  hnsw      the HNSW index over the bundled vectors as `vector` and as `halfvec`: build
            time, size and recall@10 against exact search.

Usage: bench/embed.py [N] [--encoder-only]. --encoder-only runs tokenize, forward, encoder
and bare alone, needing no database or broker (for an accelerator machine). Prints a
table, then one JSON line with every figure and the device.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from corpus import REPO_DIR, SHARED_DATA, bench_database, shared_vectors_by_paper

CORPUS = SHARED_DATA / "arxiv-ml-106k.jsonl.gz"
VECTORS = SHARED_DATA / "arxiv-ml-106k.minilm-f16.npy"
DATABASE = "paperscope_bench_embed"
RECALL_QUERIES = 500
INDEXED_WRITES = 5_000
WRITE_BATCH = 4096  # vectors a GPU task stores at once (EMBEDDING_PAPERS_PER_TASK on cuda)


def main(count: int, encoder_only: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        sample, warmup = tmp_dir / "sample.jsonl", tmp_dir / "warmup.jsonl"
        with gzip.open(CORPUS, "rb") as lines:
            warmup.write_bytes(next(lines))
            sample.write_bytes(b"".join(islice(lines, count)))
        if encoder_only:
            figures = encoder_stages(sample)
        else:
            with bench_database(DATABASE):
                figures = encoder_stages(sample)
                figures |= pipeline_stage(tmp_dir, warmup, sample, figures.pop("bare_vectors"))
                figures["ratio_pipeline_to_bare"] = round(
                    figures["pipeline_per_s"] / figures["bare_float32_per_s"], 2
                )
                figures["writes"] = write_stage()
                figures["hnsw"] = hnsw_figures()
        figures.pop("bare_vectors", None)
    report(figures)


def encoder_stages(sample: Path) -> dict:
    import django

    django.setup()
    from papers import encoder

    texts, _ = texts_of(sample)
    current = encoder.info()
    figures: dict = {
        "n": len(texts),
        "device": device_name(current.device),
        "dtype": current.dtype,
        "batch_size": encoder.default_batch_size(current.device),
        "tokenizer_threads": encoder.tokenizer_threads(),
    }
    figures["tokenize_per_s"] = tokenize_figures(texts)
    figures |= forward_figures(texts)
    encoder.encode(texts[:64])  # the model loaded and warm before the clock starts
    started = time.perf_counter()
    stage_vectors = encoder.encode(texts)
    figures["encoder_per_s"] = rate(len(texts), started)
    bare_vectors, figures["bare_float32_per_s"] = bare_encode(texts, current.device)
    cosines = (stage_vectors * bare_vectors).sum(axis=1)
    figures["encoder_cosine_to_bare"] = {
        "mean": round(float(cosines.mean()), 6),
        "min": round(float(cosines.min()), 6),
    }
    figures["bare_vectors"] = dict(zip(texts_of(sample)[1], bare_vectors, strict=True))
    return figures


def device_name(device: str) -> str:
    import torch

    if device.startswith("cuda"):
        return torch.cuda.get_device_name(device)
    return f"{device} ({os.cpu_count()} cores)"


def rate(count: int, started: float) -> float:
    return round(count / (time.perf_counter() - started), 1)


def tokenize_figures(texts: list[str]) -> dict:
    """Abstracts/s tokenized: today's way, the encoder's thread pool, Rust's own threads."""
    from concurrent.futures import ThreadPoolExecutor

    from papers import encoder

    model = encoder.load_model()
    tokenizer = encoder.passage_tokenizer(model)

    def slices(batch: list[str], size: int) -> list[list[str]]:
        return [batch[i : i + size] for i in range(0, len(batch), size)]

    def timed(tokenize) -> float:
        tokenize(texts[:64])
        started = time.perf_counter()
        tokenize(texts)
        return rate(len(texts), started)

    def pool_of(threads: int):
        def tokenize(batch: list[str]) -> None:
            with ThreadPoolExecutor(threads) as pool:
                list(pool.map(tokenizer.encode_batch, slices(batch, encoder.TOKENIZE_SLICE)))

        return tokenize

    # sentence-transformers tokenizes each batch of 32 as it reaches it, in one thread.
    figures = {"sentence_transformers": timed(lambda b: [model.tokenize(s) for s in slices(b, 32)])}
    for threads in sorted({1, 2, encoder.tokenizer_threads()}):
        figures[f"pool_{threads}_threads"] = timed(pool_of(threads))
    # The Rust tokenizer's own thread pool instead, switched on for this measurement only.
    os.environ["TOKENIZERS_PARALLELISM"] = "true"
    try:
        figures["rust_parallelism"] = timed(tokenizer.encode_batch)
    finally:
        os.environ["TOKENIZERS_PARALLELISM"] = "false"
    return figures


def forward_figures(texts: list[str]) -> dict:
    """The forward pass alone on pre-tokenized batches, and how much of each is padding."""
    import torch

    from papers import encoder
    from papers.token_batches import token_budget_batches

    model = encoder.load_model()
    current = encoder.info()
    token_ids = [e.ids for e in encoder.passage_tokenizer(model).encode_batch(texts)]
    lengths = [len(ids) for ids in token_ids]
    size = encoder.default_batch_size(current.device)
    budgeted = token_budget_batches(lengths, size * model.max_seq_length)
    in_order = [list(range(i, min(i + size, len(texts)))) for i in range(0, len(texts), size)]

    def padding(batches) -> float:
        padded = sum(len(b) * max(lengths[i] for i in b) for b in batches)
        return round(1 - sum(lengths) / padded, 3)

    with torch.inference_mode():
        encoder.forward_pass(model, token_ids[:32], current.device).cpu()
        started = time.perf_counter()
        for batch in budgeted:
            encoder.forward_pass(model, [token_ids[i] for i in batch], current.device).cpu()
        forward = rate(len(texts), started)
    return {
        "forward_per_s": forward,
        "padding_share": {"count_batches": padding(in_order), "token_budget": padding(budgeted)},
    }


def texts_of(path: Path) -> tuple[list[str], list[str]]:
    from papers.encoder import paper_text
    from papers.sources import read_file

    records = list(read_file(path))
    return [paper_text(r.title, r.abstract) for r in records], [r.arxiv_id for r in records]


def bare_encode(texts: list[str], device: str):
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from papers.encoder import DEFAULT_MODEL, model_path

    model = SentenceTransformer(model_path(DEFAULT_MODEL), device=device)
    model.encode(texts[:32])  # first-call set-up is not throughput
    started = time.perf_counter()
    vectors = model.encode(texts, normalize_embeddings=True)
    return np.asarray(vectors, dtype=np.float32), rate(len(texts), started)


def pipeline_stage(tmp_dir: Path, warmup: Path, sample: Path, bare_vectors: dict) -> dict:
    import numpy as np
    from django.db import connection

    from tests.papers.pipeline import Broker, Worker, wait_for

    broker = Broker(tmp_dir / "broker")
    broker.directory.mkdir()
    broker.start()
    worker = Worker(broker.url, tmp_dir / "worker.log", sweep_seconds=3600, database=DATABASE)
    env = worker.env()
    manage = [sys.executable, "manage.py"]

    def embedded_count() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM papers_embedding")
            return cursor.fetchone()[0]

    def import_file(path: Path) -> None:
        command = [*manage, "import_papers", "--no-progress", str(path)]
        subprocess.run(command, cwd=REPO_DIR, env=env, check=True, capture_output=True)

    try:
        worker.start()
        # Warm-up: one paper, so the worker has loaded its model before the clock starts.
        import_file(warmup)
        wait_for(lambda: embedded_count() == 1, 120, "the warm-up paper")

        started = time.perf_counter()
        import_file(sample)
        count = len(bare_vectors)
        wait_for(lambda: embedded_count() == count + 1, 3600, "the pipeline")
        figures = {
            "pipeline_per_s": rate(count, started),
            "worker_peak_rss_mb": round(worker.peak_rss_mb()),
        }
    finally:
        worker.stop()
        broker.stop()
    from papers.models import Paper
    from search.semantic import paper_vectors

    ids = dict(Paper.objects.filter(arxiv_id__in=bare_vectors).values_list("arxiv_id", "id"))
    stored = paper_vectors(list(ids.values()))
    cosines = np.array([float(stored[ids[a]] @ v) for a, v in bare_vectors.items()])
    figures["pipeline_cosine_to_bare"] = {
        "mean": round(float(cosines.mean()), 6),
        "min": round(float(cosines.min()), 6),
    }
    return figures


def write_stage() -> dict:
    """store_vectors as the worker calls it, WRITE_BATCH vectors a call: a bulk load of the
    bundled vectors without the index, the build after it, then writes into the index."""
    import numpy as np
    from django.db import connection

    from papers import vector_index
    from papers.embeddings import store_vectors
    from papers.encoder import TEXT_HASH_SQL
    from papers.importer import import_files

    import_files([CORPUS])
    ids, vectors = shared_vectors_by_paper()  # each paper its own vector, by arXiv id
    ids = [int(pid) for pid in ids]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {TEXT_HASH_SQL.format(row='')} FROM papers_paper")
        hash_of = dict(cursor.fetchall())
    hashes = [hash_of[pid] for pid in ids]
    vector_index.drop()
    started = time.perf_counter()
    for start in range(0, len(ids), WRITE_BATCH):
        end = start + WRITE_BATCH
        store_vectors(ids[start:end], vectors[start:end], hashes[start:end])
    bulk_s = time.perf_counter() - started
    build_s = vector_index.build()
    rng = np.random.default_rng(5)
    chosen = rng.choice(len(ids), INDEXED_WRITES, replace=False)
    started = time.perf_counter()
    for start in range(0, INDEXED_WRITES, WRITE_BATCH):
        part = chosen[start : start + WRITE_BATCH]
        store_vectors(
            [ids[i] for i in part], vectors[part][:, ::-1].copy(), [hashes[i] for i in part]
        )
    indexed = rate(INDEXED_WRITES, started)
    return {
        "vectors": len(ids),
        "bulk_per_s": round(len(ids) / bulk_s, 1),
        "index_build_s": round(build_s, 1),
        "bulk_with_build_per_s": round(len(ids) / (bulk_s + build_s), 1),
        "into_index_per_s": indexed,
    }


def hnsw_figures() -> dict:
    """HNSW over the bundled 106k vectors: vector vs halfvec, build, size, recall@10 (in a
    table of its own in the bench database)."""
    import numpy as np
    import psycopg
    from pgvector.psycopg import register_vector

    from config import embedded

    server = embedded.postgres()
    vectors = np.load(VECTORS).astype(np.float32)
    rng = np.random.default_rng(7)
    queries = vectors[rng.choice(len(vectors), RECALL_QUERIES, replace=False)]
    # Queries near, not on, stored points: a real query is never a stored abstract.
    queries = queries + rng.normal(0, 0.02, queries.shape).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    exact = np.argsort(-(queries @ vectors.T), axis=1)[:, :10] + 1  # ids are 1-based

    results = {}
    with psycopg.connect(
        host=server.host, user=server.user, dbname=DATABASE, autocommit=True
    ) as db:
        db.execute("CREATE EXTENSION IF NOT EXISTS vector")
        register_vector(db)
        db.execute("CREATE TABLE v (id bigint PRIMARY KEY, vec vector(384), half halfvec(384))")
        with db.cursor().copy("COPY v (id, vec) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(["int8", "vector"])
            for i, row in enumerate(vectors, start=1):
                copy.write_row((i, row))
        db.execute("UPDATE v SET half = vec::halfvec(384)")
        db.execute("SET maintenance_work_mem = '2GB'")
        db.execute("SET max_parallel_maintenance_workers = 1")
        for column, opclass in (("vec", "vector_cosine_ops"), ("half", "halfvec_cosine_ops")):
            started = time.perf_counter()
            db.execute(
                f"CREATE INDEX v_{column}_hnsw ON v USING hnsw ({column} {opclass}) "
                "WITH (m = 16, ef_construction = 64)"
            )
            build_s = time.perf_counter() - started
            size_mb = (
                db.execute(f"SELECT pg_relation_size('v_{column}_hnsw')").fetchone()[0] / 2**20
            )
            cast = "::vector(384)" if column == "vec" else "::halfvec(384)"
            recall = {}
            for ef in (40, 100):
                db.execute(f"SET hnsw.ef_search = {ef}")
                hits = 0
                for query, truth in zip(queries, exact, strict=True):
                    found = db.execute(
                        f"SELECT id FROM v ORDER BY {column} <=> %s{cast} LIMIT 10",
                        [query if column == "vec" else query.tolist()],
                    ).fetchall()
                    hits += len({r[0] for r in found} & set(truth.tolist()))
                recall[f"ef{ef}"] = round(hits / (10 * len(queries)), 4)
            results[column] = {
                "build_s": round(build_s, 1),
                "size_mb": round(size_mb, 1),
                "recall_at_10": recall,
            }
            db.execute(f"DROP INDEX v_{column}_hnsw")
        db.execute("DROP TABLE v")
    return {"papers": len(vectors), "vector": results["vec"], "halfvec": results["half"]}


def report(f: dict) -> None:
    print(
        f"Embedding {f['n']:,} real abstracts on {f['device']}, {f['dtype']}, batches of "
        f"{f['batch_size']} full-length texts' tokens\n"
    )
    t = f["tokenize_per_s"]
    rows = [
        (f"tokenize: {name.replace('_', ' ')}", f"{value:,.0f} abstracts/s")
        for name, value in t.items()
    ]
    p = f["padding_share"]
    rows += [
        ("forward pass alone, token-budget batches", f"{f['forward_per_s']:,.1f} abstracts/s"),
        (
            "padding: count batches / token budget",
            f"{p['count_batches']:.0%} / {p['token_budget']:.0%}",
        ),
        ("encoder stage as the worker runs it", f"{f['encoder_per_s']:,.1f} abstracts/s"),
        ("bare float32 model.encode", f"{f['bare_float32_per_s']:,.1f} abstracts/s"),
        ("cosine encoder stage vs bare, min", f"{f['encoder_cosine_to_bare']['min']:.6f}"),
    ]
    if "pipeline_per_s" in f:
        w = f["writes"]
        rows += [
            ("pipeline: enqueue, worker, pgvector", f"{f['pipeline_per_s']:,.1f} abstracts/s"),
            ("pipeline / bare  target >= 1.3 on CPU", f"{f['ratio_pipeline_to_bare']:.2f}"),
            (
                "cosine stored vs bare, mean / min",
                "{mean:.6f} / {min:.6f}".format(**f["pipeline_cosine_to_bare"]),
            ),
            ("worker peak RSS  target < 1.5 GB", f"{f['worker_peak_rss_mb']} MB"),
            (
                f"writes, bulk ({w['vectors']:,}, no index)  >= 20,000",
                f"{w['bulk_per_s']:,.0f} vectors/s",
            ),
            ("HNSW build after the bulk load", f"{w['index_build_s']:.1f} s"),
            ("bulk load including the build", f"{w['bulk_with_build_per_s']:,.0f} vectors/s"),
            (
                f"writes into the HNSW index ({INDEXED_WRITES:,})",
                f"{w['into_index_per_s']:,.0f} vectors/s",
            ),
        ]
    for label, value in rows:
        print(f"{label:<50}{value:>22}")
    if "hnsw" in f:
        h = f["hnsw"]
        print(f"\nHNSW (m=16, ef_construction=64) over {h['papers']:,} bundled vectors:")
        print(f"{'type':<10}{'build s':>9}{'size MB':>9}{'recall@10 ef40':>16}{'ef100':>8}")
        for name in ("vector", "halfvec"):
            r = h[name]
            print(
                f"{name:<10}{r['build_s']:>9.1f}{r['size_mb']:>9.1f}"
                f"{r['recall_at_10']['ef40']:>16.4f}{r['recall_at_10']['ef100']:>8.4f}"
            )
    print(json.dumps({"benchmark": "embed", **f}))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=2000, help="abstracts (default 2000)")
    parser.add_argument(
        "--encoder-only",
        action="store_true",
        help="tokenize, forward, encoder and bare only: no database or broker",
    )
    arguments = parser.parse_args()
    main(arguments.n, arguments.encoder_only)
