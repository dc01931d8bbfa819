"""make bench-embed: bare encoding vs the whole pipeline, and the HNSW index at 106k.

(a) bare float32 `SentenceTransformer.encode` on N real abstracts, as a user would call it;
(b) the pipeline: import the same N papers with a real broker and a warm Celery worker,
    timed from the import's start until every vector is in pgvector.
Then the HNSW index over the 106,764 bundled vectors (../shared), as `vector` and as
`halfvec`, with build time, size and recall@10 against exact search.

Usage: bench/embed.py [N] (default 2000). Prints a table, then one JSON line.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
CORPUS = SHARED_DATA / "arxiv-ml-106k.jsonl.gz"
VECTORS = SHARED_DATA / "arxiv-ml-106k.minilm-f16.npy"
DATABASE = "paperscope_bench_embed"
RECALL_QUERIES = 500

sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main(count: int) -> None:
    import django

    django.setup()
    import numpy as np

    from config import embedded

    if os.environ.get("DATABASE_URL"):
        sys.exit("bench-embed uses the embedded PostgreSQL; unset DATABASE_URL")
    server = embedded.postgres()
    admin = admin_connection(server)
    figures: dict = {"n": count}
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        sample = tmp_dir / "sample.jsonl"
        warmup = tmp_dir / "warmup.jsonl"
        with gzip.open(CORPUS, "rb") as lines:
            warmup.write_bytes(next(lines))
            sample.write_bytes(b"".join(islice(lines, count)))
        texts, ids = texts_of(sample)

        bare_vectors, figures["bare_float32_per_s"] = bare_encode(texts)
        pipeline = run_pipeline(server, admin, tmp_dir, warmup, sample)
        figures.update({k: v for k, v in pipeline.items() if k != "vectors"})
        stored = np.array([pipeline["vectors"][pid] for pid in ids], dtype=np.float32)
        cosines = (stored * bare_vectors).sum(axis=1)
        figures["cosine_mean"] = round(float(cosines.mean()), 6)
        figures["cosine_min"] = round(float(cosines.min()), 6)
        figures["ratio_pipeline_to_bare"] = round(
            figures["pipeline_per_s"] / figures["bare_float32_per_s"], 2
        )
    figures["hnsw"] = hnsw_figures(admin)
    admin.close()
    report(figures)


def admin_connection(server):
    import psycopg

    return psycopg.connect(
        host=server.host, port=server.port, user=server.user, dbname="postgres", autocommit=True
    )


def texts_of(path: Path) -> tuple[list[str], list[str]]:
    from papers.encoder import paper_text
    from papers.sources import read_file

    records = list(read_file(path))
    return [paper_text(r.title, r.abstract) for r in records], [r.arxiv_id for r in records]


def bare_encode(texts: list[str]):
    import numpy as np
    from sentence_transformers import SentenceTransformer

    from papers.encoder import DEFAULT_MODEL, model_path

    model = SentenceTransformer(model_path(DEFAULT_MODEL), device="cpu")
    model.encode(texts[:32])  # first-call set-up is not throughput
    started = time.perf_counter()
    vectors = model.encode(texts, normalize_embeddings=True)
    rate = len(texts) / (time.perf_counter() - started)
    return np.asarray(vectors, dtype=np.float32), round(rate, 1)


def fresh_database(admin, name: str) -> None:
    from psycopg import sql

    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def run_pipeline(server, admin, tmp_dir: Path, warmup: Path, sample: Path) -> dict:
    import psycopg
    from pgvector.psycopg import register_vector

    from tests.papers.pipeline import Broker, Worker, wait_for

    fresh_database(admin, DATABASE)
    broker = Broker(tmp_dir / "broker")
    broker.directory.mkdir()
    broker.start()
    worker = Worker(broker.url, tmp_dir / "worker.log", sweep_seconds=3600, database=DATABASE)
    env = worker.env()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=REPO_DIR, env=env, check=True)
    db = psycopg.connect(host=server.host, user=server.user, dbname=DATABASE, autocommit=True)

    def embedded_count() -> int:
        return db.execute("SELECT count(*) FROM papers_embedding").fetchone()[0]

    try:
        worker.start()
        # Warm-up: one paper, so the worker has loaded its model before the clock starts.
        subprocess.run([*manage, "import_papers", "--no-progress", str(warmup)],
                       cwd=REPO_DIR, env=env, check=True, capture_output=True)  # fmt: skip
        wait_for(lambda: embedded_count() == 1, 120, "the warm-up paper")

        started = time.perf_counter()
        subprocess.run([*manage, "import_papers", "--no-progress", str(sample)],
                       cwd=REPO_DIR, env=env, check=True, capture_output=True)  # fmt: skip
        papers = db.execute("SELECT count(*) FROM papers_paper").fetchone()[0]
        wait_for(lambda: embedded_count() == papers, 3600, "the pipeline")
        seconds = time.perf_counter() - started
        peak_rss = worker.peak_rss_mb()
        register_vector(db)
        rows = db.execute(
            "SELECT p.arxiv_id, e.vector FROM papers_embedding e "
            "JOIN papers_paper p ON p.id = e.paper_id"
        ).fetchall()
        vectors = {arxiv_id: vector.to_numpy() for arxiv_id, vector in rows}
    finally:
        worker.stop()
        broker.stop()
        db.close()
        fresh_database(admin, DATABASE)
    count = papers - 1
    return {
        "pipeline_s": round(seconds, 1),
        "pipeline_per_s": round(count / seconds, 1),
        "worker_peak_rss_mb": round(peak_rss),
        "vectors": vectors,
    }


def hnsw_figures(admin) -> dict:
    """HNSW over the bundled 106k vectors: vector vs halfvec, build, size, recall@10."""
    import numpy as np
    import psycopg
    from pgvector.psycopg import register_vector

    from config import embedded

    server = embedded.postgres()
    fresh_database(admin, DATABASE)
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
            db.execute(f"CREATE INDEX v_{column}_hnsw ON v USING hnsw ({column} {opclass}) "
                       "WITH (m = 16, ef_construction = 64)")  # fmt: skip
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
            results[column] = {"build_s": round(build_s, 1), "size_mb": round(size_mb, 1),
                               "recall_at_10": recall}  # fmt: skip
            db.execute(f"DROP INDEX v_{column}_hnsw")
    fresh_database(admin, DATABASE)
    from psycopg import sql

    admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(DATABASE)))
    return {"papers": len(vectors), "vector": results["vec"], "halfvec": results["half"]}


def report(f: dict) -> None:
    print(f"Embedding {f['n']:,} real abstracts on this machine (CPU)\n")
    rows = [
        ("(a) bare float32 model.encode", f"{f['bare_float32_per_s']:.1f} abstracts/s"),
        ("(b) pipeline: enqueue, worker, pgvector", f"{f['pipeline_per_s']:.1f} abstracts/s"),
        ("(b)/(a)  target >= 1.3", f"{f['ratio_pipeline_to_bare']:.2f}"),
        ("cosine of stored vs (a), mean  target >= 0.999", f"{f['cosine_mean']:.6f}"),
        ("cosine of stored vs (a), min", f"{f['cosine_min']:.6f}"),
        ("worker peak RSS  target < 1.5 GB", f"{f['worker_peak_rss_mb']} MB"),
    ]
    for label, value in rows:
        print(f"{label:<48}{value:>20}")
    h = f["hnsw"]
    print(f"\nHNSW (m=16, ef_construction=64) over {h['papers']:,} bundled vectors:")
    print(f"{'type':<10}{'build s':>9}{'size MB':>9}{'recall@10 ef40':>16}{'ef100':>8}")
    for name in ("vector", "halfvec"):
        r = h[name]
        print(f"{name:<10}{r['build_s']:>9.1f}{r['size_mb']:>9.1f}"
              f"{r['recall_at_10']['ef40']:>16.4f}{r['recall_at_10']['ef100']:>8.4f}")  # fmt: skip
    print(json.dumps({"benchmark": "embed", **f}))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
