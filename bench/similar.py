"""make bench-similar: how close similar papers by words (a paper without its vector yet)
come to similar papers by meaning (its vector's neighbours, what the page shows later),
over the 106,764 shared papers with their bundled vectors.

For SAMPLE papers: the 10 nearest by meaning (HNSW, as paper_similar) and the 10 best by
its most distinctive words (search/more_like_this.py, as similar_papers without a vector);
recall@10 of the words list against the meaning list, the share of papers with at least
one in common, and each side's p50 time. A random list's recall@10 is about 10 / 106,764.
Prints one JSON line.

    make bench-similar    (bench/similar.py --sample 200 for a quick run)
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from corpus import bench_database, load_corpus

DATABASE = "paperscope_bench_similar"


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
        sample = random.Random(35).sample(sorted(row), min(options.sample, len(row)))
        recalls, any_shared, meaning_ms, words_ms = [], 0, [], []
        for pid in sample:
            started = time.perf_counter()
            meaning = {p for p, _ in nearest(vectors[row[pid]], 10, Filters(), [pid])}
            meaning_ms.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            weights = distinctive_words([pid]).get(pid) or {}
            found = keyword_reader.search(words_query(weights), Filters(), 10, [pid])
            words_ms.append((time.perf_counter() - started) * 1000)
            shared = meaning & {p for p, _ in found}
            recalls.append(len(shared) / max(len(meaning), 1))
            any_shared += bool(shared)
        print(json.dumps({
            "papers": len(row), "sample": len(sample),
            "recall_at_10_words_vs_meaning": round(statistics.mean(recalls), 3),
            "share_with_one_in_common": round(any_shared / len(sample), 3),
            "meaning_p50_ms": round(statistics.median(meaning_ms), 1),
            "words_p50_ms": round(statistics.median(words_ms), 1),
        }))  # fmt: skip


if __name__ == "__main__":
    main()
