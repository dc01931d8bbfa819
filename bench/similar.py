"""make bench-similar: how close similar papers by words (a paper without its vector yet)
come to similar papers by meaning (its vector's neighbours, what the page shows later),
over the 106,764 shared papers with their bundled vectors.

For SAMPLE papers: the 10 nearest by meaning (HNSW, as paper_similar) and the 10 best by
its most distinctive words (search/more_like_this.py, as similar_papers without a vector);
recall@10 of the words list against the meaning list, the share of papers with at least
one in common, and each side's p50 time. A random list's recall@10 is about 10 / 106,764.

Then how good each list is, not only how alike: nDCG@10 of both on the query-by-example
dev sets (a paper queried by its title and abstract; related by shared authors, and by a
later paper naming its method), each query's paper taken as the one whose similar
papers are asked for. Here the paper's own text names its method (the prose set masks
the name in the query), so qbe-mentions favours words by construction. Prints one JSON
line.

    make bench-similar    (bench/similar.py --sample 200 for a quick run)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from corpus import REPO_DIR, bench_database, load_corpus

DATABASE = "paperscope_bench_similar"
QBE_SETS = [REPO_DIR / "var" / "eval" / name for name in ("qbe-dev", "qbe-mentions")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=1000)
    parser.add_argument("--papers", type=int, default=106_764)
    options = parser.parse_args()
    with bench_database(DATABASE):
        ids, vectors, _ = load_corpus(options.papers)
        from papers.filters import Filters
        from search.fulltext.reader import keyword_reader
        from search.more_like_this import distinctive_words, words_query
        from search.semantic import nearest

        row = {int(pid): n for n, pid in enumerate(ids)}

        def by_meaning(pid: int) -> list[int]:
            return [p for p, _ in nearest(vectors[row[pid]], 10, Filters(), [pid])]

        def by_words(pid: int) -> list[int]:
            weights = distinctive_words([pid]).get(pid) or {}
            return [p for p, _ in keyword_reader.search(words_query(weights), Filters(), 10, [pid])]

        sample = random.Random(35).sample(sorted(row), min(options.sample, len(row)))
        recalls, any_shared, meaning_ms, words_ms = [], 0, [], []
        for pid in sample:
            started = time.perf_counter()
            meaning = set(by_meaning(pid))
            meaning_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            shared = meaning & set(by_words(pid))
            words_ms.append((time.perf_counter() - started) * 1000)
            recalls.append(len(shared) / max(len(meaning), 1))
            any_shared += bool(shared)
        print(json.dumps({
            "papers": len(row), "sample": len(sample),
            "recall_at_10_words_vs_meaning": round(statistics.mean(recalls), 3),
            "share_with_one_in_common": round(any_shared / len(sample), 3),
            "meaning_p50_ms": round(statistics.median(meaning_ms), 1),
            "words_p50_ms": round(statistics.median(words_ms), 1),
            "ndcg_at_10": {d.name: qbe_ndcg(d, {"meaning": by_meaning, "words": by_words})
                           for d in QBE_SETS},
        }))  # fmt: skip


def qbe_ndcg(directory: Path, sides: dict) -> dict[str, float]:
    """Mean nDCG@10 of each side's similar papers for every query paper of the set."""
    from papers.models import Paper
    from search.evaluation import BeirSet
    from search.metrics import ndcg_at

    beir = BeirSet.load(directory)
    id_of = dict(Paper.objects.values_list("arxiv_id", "id"))
    arxiv_of = {pid: arxiv_id for arxiv_id, pid in id_of.items()}
    scores: dict[str, list[float]] = {name: [] for name in sides}
    for query in beir.queries:
        pid = id_of[query["metadata"]["paper_id"]]
        for name, similar in sides.items():
            ranked = [arxiv_of[p] for p in similar(pid)]
            scores[name].append(ndcg_at(10, ranked, beir.qrels[query["_id"]]))
    return {name: round(statistics.mean(values), 4) for name, values in scores.items()}


if __name__ == "__main__":
    main()
