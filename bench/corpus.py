"""The benchmarks' corpus: a database of their own holding the 106,764 shared papers with
their bundled vectors (and, above that, perturbed copies), and the HNSW index built after
the bulk load. Used by bench/search.py and bench/load.py."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
NOISE = 0.05  # per-dimension sigma before renormalising: neighbours stay neighbours

sys.path.insert(0, str(REPO_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


CORPUS_FILE = "arxiv-ml-106k.jsonl.gz"
VECTORS_FILE = "arxiv-ml-106k.minilm-f16.npy"  # row i: the paper on line i of CORPUS_FILE


def shared_papers(data_dir: Path = SHARED_DATA) -> list[dict]:
    """The 106,764 shared papers, as the shared data file holds them."""
    with gzip.open(data_dir / CORPUS_FILE, "rt") as lines:
        return [json.loads(line) for line in lines]


def shared_vectors_by_paper(data_dir: Path = SHARED_DATA) -> tuple:
    """(paper ids, vectors): every imported shared paper with the row of the vectors file
    of its own arXiv id. The importer does not keep the file's order, so rows matched by
    position (or by id order) would give most papers a neighbour's vector."""
    import numpy as np
    from django.db import connection

    with gzip.open(data_dir / CORPUS_FILE, "rt") as lines:
        row_of = {json.loads(line)["id"]: row for row, line in enumerate(lines)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, arxiv_id FROM papers_paper ORDER BY id")
        pairs = [(pid, row_of[arxiv_id]) for pid, arxiv_id in cursor if arxiv_id in row_of]
    vectors = np.load(data_dir / VECTORS_FILE).astype(np.float32)
    ids = np.array([pid for pid, _ in pairs], dtype=np.int64)
    return ids, vectors[[row for _, row in pairs]]


def write_corpus(path: Path, docs: list[dict], fields: tuple[str, ...] = ()) -> None:
    """A BEIR corpus.jsonl of shared papers (plus these fields of each). Title and abstract
    as the shared vectors embed them: `manage.py evaluate` finds those vectors by text and
    embeds nothing."""
    with open(path, "w") as out:
        for doc in docs:
            row = {"_id": doc["id"], "title": " ".join(doc["title"].split()),
                   "text": " ".join(doc["abstract"].split()),
                   **{name: doc[name] for name in fields}}  # fmt: skip
            out.write(json.dumps(row) + "\n")


@contextlib.contextmanager
def bench_database(name: str, reuse: bool = False, keep: bool = False) -> Iterator[str]:
    """A fresh, migrated database on the embedded server, dropped afterwards; yields its
    URL (also set as DATABASE_URL for this process and its children). `reuse`: the one a
    run with `keep` left behind, if there is one."""
    if os.environ.get("DATABASE_URL"):
        sys.exit("the benchmarks use the embedded PostgreSQL; unset DATABASE_URL")
    import psycopg
    from psycopg import sql

    from config import embedded

    server = embedded.postgres()  # held by this process for its whole run
    admin = psycopg.connect(host=server.host, user=server.user, dbname="postgres", autocommit=True)
    identifier = sql.Identifier(name)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if not (reuse and exists):
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
    url = f"postgres://{server.user}@/{name}?host={server.host}"
    os.environ["DATABASE_URL"] = url
    # Its own keyword index too, never the developer's.
    os.environ["KEYWORD_INDEX_DIR"] = str(REPO_DIR / "var" / f"{name}-keyword-index")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO_DIR, check=True)
    try:
        yield url
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))


def load_corpus(papers: int = 106_764, data_dir: Path = SHARED_DATA) -> tuple:
    """Import the shared papers and their vectors (plus perturbed copies up to `papers`),
    then build the HNSW index. Returns (paper ids, vectors, figures)."""
    import django

    django.setup()
    from django.db import connection

    from papers import vector_index
    from papers.importer import import_files

    figures: dict = {"papers": papers}
    started = time.perf_counter()
    import_files([_first_papers(data_dir / CORPUS_FILE, papers)])
    ids, vectors = shared_vectors_by_paper(data_dir)
    # Bulk load first, index after (as a bulk load of embeddings does): one HNSW build is
    # far cheaper than a million inserts into the graph.
    vector_index.drop()
    store_vectors(ids, vectors)
    if papers > len(ids):
        ids, vectors = add_synthetic(ids, vectors, papers - len(ids))
    figures["load_s"] = round(time.perf_counter() - started, 1)

    figures["hnsw_build_s"] = round(vector_index.build(), 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size('embedding_vector_hnsw')")
        figures["hnsw_size_mb"] = round(cursor.fetchone()[0] / 2**20, 1)
        cursor.execute("VACUUM ANALYZE papers_embedding")
        cursor.execute("VACUUM ANALYZE papers_paper")
    figures |= build_keyword_index()
    return ids, vectors, figures


def _first_papers(path: Path, count: int) -> Path:
    """The shared file, or a file of its first `count` papers when that is fewer (a smoke
    run)."""
    with gzip.open(path, "rt") as lines:
        head = [line for _, line in zip(range(count + 1), lines, strict=False)]
    if len(head) <= count:
        return path
    smaller = REPO_DIR / "var" / f"first-{count}-papers.jsonl"
    smaller.parent.mkdir(parents=True, exist_ok=True)
    smaller.write_text("".join(head[:count]))
    return smaller


def build_keyword_index() -> dict:
    """A fresh keyword index of every paper (in KEYWORD_INDEX_DIR), timed and measured."""
    from django.conf import settings

    from search.fulltext.writer import KeywordIndexWriter, current_generation

    started = time.perf_counter()
    with KeywordIndexWriter() as writer:
        writer.rebuild()
    seconds = time.perf_counter() - started
    generation = current_generation(Path(settings.KEYWORD_INDEX_DIR))
    size = sum(f.stat().st_size for f in generation.rglob("*") if f.is_file())
    return {"keyword_index_build_s": round(seconds, 1), "keyword_index_mb": round(size / 1e6, 1)}


def store_vectors(ids, vectors) -> None:
    """The bundled vectors as the active model's, with the hash of each paper's text,
    written as the embedding worker writes them."""
    from django.db import connection

    from papers import embeddings
    from papers.encoder import TEXT_HASH_SQL

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, {TEXT_HASH_SQL.format(row='p.')} FROM papers_paper p"
            " JOIN unnest(%s::bigint[]) WITH ORDINALITY s(id, n) ON s.id = p.id ORDER BY s.n",
            [[int(i) for i in ids]],
        )
        hashes = [row[1] for row in cursor.fetchall()]
    for start in range(0, len(ids), 10_000):
        end = start + 10_000
        embeddings.store_vectors([int(i) for i in ids[start:end]], vectors[start:end],
                                 hashes[start:end])  # fmt: skip


def add_synthetic(ids, vectors, extra: int):
    """Copies of real papers with noisy vectors."""
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
                INSERT INTO papers_paper (arxiv_id, title, abstract, authors, author_keys,
                    categories, published, updated, abs_url, pdf_url, upvotes, source,
                    created, modified)
                SELECT 'synthetic:' || %s || ':' || arxiv_id, title, abstract, authors,
                    author_keys, categories, published, updated, '', '', upvotes, source,
                    now(), now()
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
