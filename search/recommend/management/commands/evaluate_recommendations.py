"""manage.py evaluate_recommendations DIR — the "For you" recommender against references.

DIR: corpus.jsonl ({_id, title, text, categories, published}), libraries.jsonl
({_id: user, library: [ids], cutoff: YYYY-MM-DD}) and qrels/test.tsv (user, corpus id,
score). A user's candidates are the corpus papers published on or after the cutoff and
not in the library. Prints nDCG@20 and Recall@100 of each reference (the library's
centroid, the best cosine to any library paper, arxiv-sanity's linear SVM per library)
and of our recommender (search/recommend/recommender.py, the code the site runs, in a database and
keyword index of its own), then one JSON line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from search.management.commands.evaluate import in_own_database, load_vectors
from search.metrics import ndcg_at, recall_at

SVM_NEGATIVES = 5000  # papers before the cutoff, as arxiv-sanity trains on the rest
SEED = 0


class Command(BaseCommand):
    help = "Evaluate recommendations from libraries (nDCG@20, Recall@100) against references."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args, directory: Path, inside: bool, **options) -> None:
        for needed in ("corpus.jsonl", "libraries.jsonl", "qrels/test.tsv"):
            if not (directory / needed).is_file():
                raise CommandError(f"{directory} lacks {needed}")
        if inside:
            self._evaluate(directory)
        else:
            in_own_database(directory, ["evaluate_recommendations", str(directory), "--inside"])

    def _evaluate(self, directory: Path) -> None:
        from papers.models import Embedding, Paper
        from search.evaluation import BeirSet, load_corpus
        from search.fulltext.writer import KeywordIndexWriter

        loaded = load_corpus(BeirSet(directory / "corpus.jsonl", [], {}))
        with KeywordIndexWriter() as writer:
            writer.rebuild()
        load_vectors(directory / "corpus.jsonl")
        with open(directory / "libraries.jsonl") as lines:
            users = [json.loads(line) for line in lines if line.strip()]
        qrels: dict[str, dict[str, int]] = defaultdict(dict)
        with open(directory / "qrels" / "test.tsv") as lines:
            next(lines)
            for line in lines:
                user, doc, score = line.rstrip("\n").split("\t")
                qrels[user][doc] = int(score)
        ids = dict(Paper.objects.values_list("arxiv_id", "id"))
        published = dict(Paper.objects.values_list("id", "published"))
        vectors = dict(Embedding.objects.values_list("paper_id", "vector"))
        self.stdout.write(f"{directory}: {loaded} documents, {len(users)} libraries\n")

        rankers = {"centroid": _centroid, "best cosine": _best_cosine, "linear SVM": _svm,
                   "ours": None}  # fmt: skip
        figures = {name: {"ndcg@20": [], "recall@100": []} for name in rankers}
        seconds = defaultdict(float)
        by_cutoff: dict[str, tuple] = {}
        for user in users:
            cutoff = dt.date.fromisoformat(user["cutoff"])
            if user["cutoff"] not in by_cutoff:  # the candidates and the SVM's negatives
                after = [
                    p for p, day in published.items() if day and day >= cutoff and p in vectors
                ]
                before = [
                    p for p, day in published.items() if day and day < cutoff and p in vectors
                ]
                rng = np.random.default_rng(SEED)
                negatives = rng.choice(before, min(SVM_NEGATIVES, len(before)), replace=False)
                by_cutoff[user["cutoff"]] = (
                    after, np.array([vectors[p] for p in after], dtype=np.float32),
                    np.array([vectors[p] for p in negatives], dtype=np.float32),
                )  # fmt: skip
            after, after_matrix, negative_matrix = by_cutoff[user["cutoff"]]
            library = [ids[a] for a in user["library"] if a in ids and ids[a] in vectors]
            relevant = {ids[d]: g for d, g in qrels[user["_id"]].items() if d in ids}
            if not library or not relevant:
                continue
            library_matrix = np.array([vectors[p] for p in library], dtype=np.float32)
            in_library = set(library)
            for name, ranker in rankers.items():
                started = time.perf_counter()
                if ranker is None:
                    ranked = [r.paper_id for r in _ours(library, cutoff)]
                else:
                    scores = ranker(library_matrix, after_matrix, negative_matrix)
                    ranked = [after[i] for i in np.argsort(-scores)[:200]
                              if after[i] not in in_library][:100]  # fmt: skip
                seconds[name] += time.perf_counter() - started
                figures[name]["ndcg@20"].append(ndcg_at(20, ranked, relevant))
                figures[name]["recall@100"].append(recall_at(100, ranked, relevant))

        header = f"{'ranker':<14}{'nDCG@20':>9}{'R@100':>9}{'ms/user':>9}"
        self.stdout.write(header + "\n" + "-" * len(header))
        out = {}
        for name, f in figures.items():
            n = len(f["ndcg@20"])
            out[name] = {"ndcg@20": round(float(np.mean(f["ndcg@20"])), 4) if n else 0.0,
                         "recall@100": round(float(np.mean(f["recall@100"])), 4) if n else 0.0,
                         "ms_per_user": round(1000 * seconds[name] / max(n, 1), 1),
                         "users": n}  # fmt: skip
            r = out[name]
            self.stdout.write(f"{name:<14}{r['ndcg@20']:>9.4f}{r['recall@100']:>9.4f}"
                              f"{r['ms_per_user']:>9.1f}")  # fmt: skip
        self.stdout.write(json.dumps(out))


def _ours(library: list[int], cutoff: dt.date):
    from search.recommend.recommender import recommend

    return recommend(library, cutoff, k=100, explain=False)


def _centroid(library: np.ndarray, candidates: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    return candidates @ library.mean(axis=0)


def _best_cosine(library: np.ndarray, candidates: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    return (candidates @ library.T).max(axis=1)


def _svm(library: np.ndarray, candidates: np.ndarray, negatives: np.ndarray) -> np.ndarray:
    """arxiv-sanity's recipe: a linear SVM, the library as positives, other papers as
    negatives, over the same vectors; candidates ranked by its decision function."""
    from sklearn.svm import LinearSVC

    features = np.concatenate([library, negatives])
    labels = np.r_[np.ones(len(library)), np.zeros(len(negatives))]
    model = LinearSVC(C=0.1, class_weight="balanced", max_iter=5000).fit(features, labels)
    return model.decision_function(candidates)
