"""Calibrates the cosine a new paper needs to count as "new for a saved search" in the
semantic and hybrid modes (SAVED_SEARCH_MIN_COSINE).

Queries: the titles of ../shared/eval/known-item-dev (specific queries whose relevant
paper is known), and their first three words (short topic queries). For each threshold it
prints how often the relevant paper clears it, and what share of all 106,764 shared papers
clears it for the median and the 90th-percentile query: a saved search must not mail
every new paper.

    .venv/bin/python bench/alert_threshold.py
"""

from __future__ import annotations

import gzip
import json

import numpy as np
from corpus import SHARED_DATA

THRESHOLDS = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60)
QUERIES = 600


def main() -> None:
    import django

    django.setup()
    from papers import encoder

    with gzip.open(SHARED_DATA / "arxiv-ml-106k.jsonl.gz", "rt") as lines:
        position = {json.loads(line)["id"]: i for i, line in enumerate(lines)}
    vectors = np.load(SHARED_DATA / "arxiv-ml-106k.minilm-f16.npy").astype(np.float32)
    known_item = SHARED_DATA.parent / "eval" / "known-item-dev"
    with open(known_item / "qrels" / "test.tsv") as lines:
        next(lines)
        relevant = dict(line.split("\t")[:2] for line in lines)
    with open(known_item / "queries.jsonl") as lines:
        queries = [json.loads(line) for line in lines]
    queries = [q for q in queries if relevant.get(q["_id"]) in position][:QUERIES]
    targets = [position[relevant[q["_id"]]] for q in queries]
    titles = [q["text"] for q in queries]
    short = [" ".join(title.split()[:3]) for title in titles]
    for label, texts in (("titles", titles), ("first three words", short)):
        query_vectors = np.stack([encoder.encode_query(t) for t in texts]).astype(np.float32)
        cosines = query_vectors @ vectors.T
        own = cosines[np.arange(len(texts)), targets]
        print(f"{label} ({len(texts)} queries)")
        for threshold in THRESHOLDS:
            share = (cosines >= threshold).mean(axis=1) * 100
            kept = np.mean(own >= threshold)
            print(f"  cosine >= {threshold:.2f}: relevant paper kept {kept:.3f}; share of the "
                  f"corpus above: median {np.median(share):.3f}%, "
                  f"p90 {np.percentile(share, 90):.3f}%")  # fmt: skip


if __name__ == "__main__":
    main()
