"""Ranking metrics (pure), one definition each for the search evaluation
(search/evaluation.py) and the recommendation evaluation (`evaluate_recommendations`).
`relevant` maps a document to its graded relevance; ids may be any hashable."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence


def ndcg_at(k: int, ranked: Sequence[Hashable], relevant: Mapping[Hashable, int]) -> float:
    """Normalised discounted cumulative gain of the first k, with gains 2^grade - 1."""
    gains = sum((2 ** relevant.get(doc, 0) - 1) / math.log2(position + 2)
                for position, doc in enumerate(ranked[:k]))  # fmt: skip
    ideal = sorted(relevant.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(p + 2) for p, g in enumerate(ideal))
    return gains / best if best else 0.0


def mrr_at(k: int, ranked: Sequence[Hashable], relevant: Mapping[Hashable, int]) -> float:
    """The reciprocal rank of the first relevant document among the first k (else 0)."""
    for position, doc in enumerate(ranked[:k]):
        if relevant.get(doc, 0) > 0:
            return 1.0 / (position + 1)
    return 0.0


def recall_at(k: int, ranked: Sequence[Hashable], relevant: Mapping[Hashable, int]) -> float:
    """The share of the relevant documents among the first k."""
    wanted = {doc for doc, grade in relevant.items() if grade > 0}
    return len(wanted & set(ranked[:k])) / len(wanted) if wanted else 0.0
