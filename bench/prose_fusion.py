"""How each way of fusing the two sides does on prose queries, from the rankings that
`manage.py evaluate DIR --run FILE` wrote (its keyword and semantic modes: each side's
best 100 with their scores, the query's own paper left out).

Every fusion function of search/ranking.py is tried on the same two lists:
- z-scores (what prose uses: each side weighted by how far its best leads its 20th;
  also against other ranks, and with equal weights), the convex combination of scores
  divided by the query's best (what short queries use, at alpha 0.5 and at their 0.6),
  and reciprocal ranks (k = 60). A paper the dense list lacks is judged by its words in
  the convex combination, as for a paper without a vector; short queries ask for its
  cosine instead;
- then again with the keyword side handicapped, so that dense is the stronger side as on
  the held-back expert-judged set: plain BM25 (`bm25s`, stemmed) over the query's first
  25 words only. On our two proxies keyword is the stronger side, and a fusion that
  merely leans towards keyword would pass them; here it cannot.

Hybrid must reach the better of its two sides on every row.

    manage.py evaluate var/eval/qbe-dev --run var/eval/qbe-dev.run
    python bench/prose_fusion.py var/eval/qbe-dev   # reads var/eval/qbe-dev.run
"""

from __future__ import annotations

import functools
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import Stemmer
from prose_bm25 import bm25_search, load_set

from search.metrics import ndcg_at
from search.ranking import convex_fusion, reciprocal_rank_fusion, z_score_fusion

HANDICAP_WORDS = 25


def read_run(path: Path) -> dict[str, dict[str, list[tuple[str, float]]]]:
    """{mode: {query: [(document, score)], best first}} of a TREC run file."""
    runs: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    with open(path) as lines:
        for line in lines:
            query, _, doc, _, score, mode = line.split()
            runs[mode][query].append((doc, float(score)))
    return runs


def handicapped_keyword(docs: list[dict], queries: list[dict]) -> dict[str, list]:
    """Plain stemmed BM25 over each query's first HANDICAP_WORDS words."""
    search = bm25_search(docs, Stemmer.Stemmer("english"))
    return {query["_id"]: search(" ".join(query["text"].split()[:HANDICAP_WORDS]),
                                 (query.get("metadata") or {}).get("paper_id"))
            for query in queries}  # fmt: skip


FUSIONS = {
    "z-scores (prose)": z_score_fusion,
    # Each side's lead over another rank than LEAD_RANK's, and none (equal weights).
    **{
        f"z-scores, lead over the {nth}": functools.partial(z_score_fusion, lead_rank=rank)
        for rank, nth in ((2, "2nd"), (5, "5th"), (10, "10th"), (50, "50th"))
    },
    "z-scores, equal weights": functools.partial(z_score_fusion, lead_rank=0),
    "divided by the best, alpha 0.5": lambda dense, words: convex_fusion(dense, words, 0.5),
    "divided by the best, alpha 0.6": lambda dense, words: convex_fusion(dense, words, 0.6),
    "reciprocal ranks, k = 60": lambda dense, words: reciprocal_rank_fusion(
        list(dense), list(words)
    ),
}


def figures(dense_run: dict, keyword_run: dict, qrels: dict) -> dict[str, float]:
    """nDCG@10 of each side and each fusion over the queries both sides answered."""
    scores: dict[str, list[float]] = defaultdict(list)
    for query, relevant in qrels.items():
        dense = {doc: s for doc, s in dense_run.get(query, [])}
        words = {doc: s for doc, s in keyword_run.get(query, [])}
        # The fusions take integer ids (ties go to the lower); documents are arXiv ids
        # here, numbered in their sorted order so that every run breaks ties alike.
        number = {doc: i for i, doc in enumerate(sorted(dense.keys() | words.keys()))}
        name = {i: doc for doc, i in number.items()}
        as_ids = [{number[d]: s for d, s in side.items()} for side in (dense, words)]
        scores["semantic"].append(ndcg_at(10, list(dense), relevant))
        scores["keyword"].append(ndcg_at(10, list(words), relevant))
        for label, fuse in FUSIONS.items():
            ranked = [name[i] for i, _ in fuse(*as_ids)]
            scores[label].append(ndcg_at(10, ranked, relevant))
    return {label: round(float(np.mean(values)), 4) for label, values in scores.items()}


def main() -> None:
    for directory in map(Path, sys.argv[1:]):
        runs = read_run(directory.with_suffix(".run"))
        docs, qrels, queries = load_set(directory)
        rows = {
            "our keyword side": figures(runs["semantic"], runs["keyword"], qrels),
            f"keyword on {HANDICAP_WORDS} words": figures(
                runs["semantic"], handicapped_keyword(docs, queries), qrels
            ),
        }
        print(f"\n{directory.name}: nDCG@10 over {len(qrels)} queries")
        labels = list(next(iter(rows.values())))
        print(f"{'':<32}" + "".join(f"{label:>22}" for label in rows))
        for label in labels:
            print(f"{label:<32}" + "".join(f"{row[label]:>22.4f}" for row in rows.values()))
        for kind, row in rows.items():
            best = max(row["semantic"], row["keyword"])
            verdict = "met" if row["z-scores (prose)"] >= best else "missed"
            print(f"hybrid ≥ max(sides) with {kind}: {verdict}")
            print(json.dumps({"benchmark": "prose_fusion", "set": directory.name,
                              "keyword_side": kind, **row}))  # fmt: skip


if __name__ == "__main__":
    main()
