"""manage.py evaluate DIR — retrieval quality and latency of every search mode.

The corpus goes into a database of its own on the same server (never mixed with the
user's papers): this command creates it, runs itself inside it in a child process
(DATABASE_URL pointing there), and drops it afterwards. Embeddings of an evaluation
corpus are cached under var/eval-cache/, keyed by corpus content and model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.params import MODES

CACHE_DIR = Path(settings.BASE_DIR) / "var" / "eval-cache"


def cache_path(corpus: Path) -> Path:
    """Where the vectors of this corpus file, under the active model, are cached."""
    digest = hashlib.sha256(corpus.read_bytes()).hexdigest()[:16]
    return CACHE_DIR / f"{digest}-{_model_slug()}.npz"


def _model_slug() -> str:
    from papers import encoder

    return re.sub(r"\W+", "_", encoder.model_name())


def write_cache(corpus: Path, arxiv_ids, hashes, vectors) -> None:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    np.savez(cache_path(corpus), ids=np.array(arxiv_ids), hashes=np.array(hashes),
             vectors=np.asarray(vectors, dtype=np.float16))  # fmt: skip


def database_url(name: str) -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        from config import embedded

        server = embedded.postgres()
        return f"postgres://{server.user}@/{name}?host={server.host}"
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def in_own_database(directory: Path, command: list[str]) -> None:
    """Run this manage.py command in a database (and keyword index) of its own on the same
    server, made for the run and dropped after it."""
    import psycopg
    from psycopg import sql

    name = "paperscope_eval_" + re.sub(r"\W+", "_", directory.resolve().name).lower()
    with psycopg.connect(database_url("postgres"), autocommit=True) as admin:
        identifier = sql.Identifier(name)
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(identifier))
        try:
            # Its own keyword index too, beside the user's, rebuilt for every run.
            keyword_dir = Path(settings.BASE_DIR) / "var" / "eval-keyword-index" / name
            env = {**os.environ, "DATABASE_URL": database_url(name),
                   "KEYWORD_INDEX_DIR": str(keyword_dir)}  # fmt: skip
            manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            subprocess.run([*manage, "migrate", "-v", "0"], env=env, check=True)
            if subprocess.run([*manage, *command], env=env).returncode:
                raise CommandError("the evaluation failed (see above)")
        finally:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(identifier))


class Command(BaseCommand):
    help = "Evaluate every search mode on a BEIR-layout directory (nDCG@10, MRR@10, R@100)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
        parser.add_argument(
            "--embedded-share", type=float, default=1.0, metavar="S",
            help="a seeded random share S (0 < S <= 1) of the corpus keeps its vectors and "
            "the rest has none, as on a live site whose workers are catching up",
        )  # fmt: skip
        parser.add_argument(
            "--run", type=Path, metavar="FILE",
            help="also write every mode's rankings as a TREC run file (query Q0 document "
            "rank score mode), for trec_eval or ir_measures",
        )  # fmt: skip
        # Internal: run inside the evaluation database (set up by the outer invocation).
        parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, directory: Path, modes: list[str], inside: bool,
               embedded_share: float, run: Path | None, **options):  # fmt: skip
        if not 0 < embedded_share <= 1:
            raise CommandError(f"--embedded-share must be in (0, 1], not {embedded_share}")
        for needed in ("corpus.jsonl", "queries.jsonl", "qrels/test.tsv"):
            if not (directory / needed).is_file():
                raise CommandError(f"{directory} is not a BEIR directory: no {needed}")
        if inside:
            self._evaluate(directory, modes, embedded_share, run)
        else:
            run_option = ["--run", str(run.resolve())] if run else []
            in_own_database(directory, ["evaluate", str(directory), "--inside", "--modes", *modes,
                                        "--embedded-share", repr(embedded_share),
                                        *run_option])  # fmt: skip

    def _evaluate(self, directory: Path, modes: list[str], embedded_share: float,
                  run_file: Path | None) -> None:  # fmt: skip
        from search.evaluation import BeirSet, evaluate_mode, load_corpus
        from search.fulltext.writer import KeywordIndexWriter

        beir = BeirSet.load(directory)
        loaded = load_corpus(beir)
        with KeywordIndexWriter() as writer:
            writer.rebuild()
        load_vectors(beir.corpus)
        kept = keep_vectors_of_share(embedded_share)
        analyze_tables()
        self.stdout.write(f"{directory}: {loaded} documents ({kept} with vectors), "
                          f"{len(beir.queries)} queries\n")  # fmt: skip
        figures = {}
        header = f"{'mode':<10}{'nDCG@10':>9}{'MRR@10':>9}{'R@100':>9}{'p50 ms':>9}{'p95 ms':>9}"
        self.stdout.write(header + "\n" + "-" * len(header))
        lines = []
        for mode in modes:
            run: dict[str, list[tuple[str, float]]] = {}
            f = figures[mode] = evaluate_mode(beir, mode, run)
            lines += [f"{query} Q0 {doc} {rank} {score:.6f} {mode}\n"
                      for query, ranked in run.items()
                      for rank, (doc, score) in enumerate(ranked, 1)]  # fmt: skip
            self.stdout.write(
                f"{mode:<10}{f['ndcg@10']:>9.4f}{f['mrr@10']:>9.4f}{f['recall@100']:>9.4f}"
                f"{f['p50_ms']:>9.1f}{f['p95_ms']:>9.1f}"
            )
        if run_file:
            run_file.write_text("".join(lines))
        self.stdout.write(json.dumps(figures))


def load_vectors(corpus: Path) -> None:
    """Every paper's vector: from this corpus's cache when it was embedded before, else
    from any vector already known for the same text (other corpora's caches, and the
    shared corpus's precomputed vectors for the default model), else embedded now."""
    from tqdm import tqdm

    from papers import encoder
    from papers.embeddings import chunks, embed_papers_now, store_vectors
    from papers.models import Embedding, Paper

    cache = cache_path(corpus)
    sources = [cache] if cache.exists() else [*sorted(CACHE_DIR.glob("*.npz")), SHARED_VECTORS]
    rows = list(Paper.objects.values_list("id", "title", "abstract"))
    wanted = {encoder.text_hash(encoder.paper_text(t, a)): pid for pid, t, a in rows}
    for source in sources:
        found = [(wanted.pop(h), v, h) for h, v in _known_vectors(source) if h in wanted]
        for start in range(0, len(found), 2000):
            store_vectors(*zip(*found[start : start + 2000], strict=True))
        if not wanted:
            break
    missing = list(wanted.values())
    with tqdm(total=len(missing), desc="embedding corpus", unit=" docs", disable=None) as bar:
        for chunk in chunks(missing):
            embed_papers_now(chunk)
            bar.update(len(chunk))
    if not cache.exists():
        stored = Embedding.objects.filter(model_name=encoder.model_name()).values_list(
            "paper__arxiv_id", "text_hash", "vector"
        )
        write_cache(corpus, *zip(*stored, strict=True))


# Which papers keep their vectors under --embedded-share: the same ones on every run.
SHARE_SEED = 0


def keep_vectors_of_share(share: float) -> int:
    """Delete the vectors of all but a seeded random `share` of the papers; how many kept."""
    import random

    from papers.embeddings import coverage_changed
    from papers.models import Embedding

    ids = sorted(Embedding.objects.values_list("paper_id", flat=True))
    if share < 1:
        keep = set(random.Random(SHARE_SEED).sample(ids, round(share * len(ids))))
        Embedding.objects.filter(paper_id__in=[pid for pid in ids if pid not in keep]).delete()
        ids = sorted(keep)
    coverage_changed()
    return len(ids)


def analyze_tables() -> None:
    """Give the planner the freshly loaded tables' statistics, as autovacuum gives a live
    site's within a minute or so. Without them whether a dense scan used the HNSW index or
    read every vector depended on whether autovacuum had come by yet: the same code gave
    semantic nDCG@10 0.8965 on the known-item dev set (the index), 0.9007 and 0.9022 (some
    or all scans exact, p95 37 ms against 12)."""
    from django.db import connection

    from papers.models import Embedding, Paper

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Paper._meta.db_table}, {Embedding._meta.db_table}")


# The shared corpus's vectors of the default model (texts: paper_text(title, abstract)).
SHARED_VECTORS = Path(settings.BASE_DIR).parent / "shared" / "data" / "arxiv-ml-106k.jsonl.gz"


def _known_vectors(source: Path):
    """(text hash, vector) pairs of a cache file, or of the shared corpus."""
    import gzip

    from papers import encoder

    if source.suffix == ".npz":
        if not source.name.endswith(f"-{_model_slug()}.npz"):  # another model's vectors
            return
        stored = np.load(source, allow_pickle=False)
        yield from zip((str(h) for h in stored["hashes"]), stored["vectors"], strict=True)
        return
    npy = source.with_name("arxiv-ml-106k.minilm-f16.npy")
    if encoder.model_name() != encoder.DEFAULT_MODEL or not (source.exists() and npy.exists()):
        return
    vectors = np.load(npy, mmap_mode="r")
    with gzip.open(source, "rt") as lines:
        for line, vector in zip(lines, vectors, strict=True):
            doc = json.loads(line)
            title, abstract = (" ".join(doc[f].split()) for f in ("title", "abstract"))
            yield encoder.text_hash(encoder.paper_text(title, abstract)), np.asarray(vector)
