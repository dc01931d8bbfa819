"""Fusing the retrievers' scores into one ranking (pure: no database, no model).

A query: a convex combination of the two signals, alpha * dense + (1 - alpha) * keyword,
over the union of both candidate lists, with both scores known for every candidate that
has them. This beats reciprocal-rank fusion, which throws the score gaps away (Bruch et
al., "An Analysis of Fusion Functions for Hybrid Retrieval", 2023). Each signal is
normalised per query so that 1 means the best evidence of its kind:
- keyword: BM25 / the query's best BM25;
- dense: cosine / max(the query's best cosine, DENSE_FULL_MARKS), so a weak dense side
  (nothing close in meaning) does not hand out full marks;
- a candidate with no vector yet (the workers are catching up) is ranked on the
  evidence there is: its dense part is taken to be its keyword part, never more than
  the best dense score of the query. It is never counted as dissimilar;
- the dense side weighs as much as the share of this query's candidates it can score:
  alpha at full coverage, alpha / 10 when one candidate in ten has a vector. A dense
  side that has seen a tenth of the corpus mostly reorders the few papers it knows, and
  at full weight it pushed the right paper (often without a vector) down: on the dev set
  at 10% of vectors hybrid tied keyword (0.9499 against 0.9497) before this
  (docs/benchmarks/search-quality.md, issue 35).

Prose (a pasted abstract): each side's scores become z-scores over its own candidates
and are summed (`z_score_fusion`). Dividing by the query's best, as above, leaves a
prose query's cosines within a few hundredths of each other while its BM25 scores spread
over most of their range, so the sum followed the keyword side: on a held-back
expert-judged set it fell below dense alone. Rank fusion (RRF) keeps neither side's
gaps and fell between the two sides on every prose set we have. Z-scores give each side
the same spread and keep its gaps. Each side then weighs as much as its best candidate
stands out: the z-score of its best minus that of its 20th (a side whose list is flat
at the top has no clear answer and lets the other decide). Summed with equal weights,
hybrid fell 2.7% below keyword alone on the mentions set, where keyword is the stronger
side. bench/prose_fusion.py measures every fusion on both prose sets, and on the same sets
with the keyword side handicapped, where dense is the stronger side.
"""

from __future__ import annotations

RRF_K = 60  # Cormack et al.'s constant: ranks past the first few count for little

# The weight of the dense signal. On ../shared/eval/known-item-dev nDCG@10 is flat from
# 0.5 to 0.7 (0.967, 0.971, 0.966) and falls below 0.5 (0.962 at 0.3): 0.6 leans to the
# dense side, which conceptual queries (not in that set) need.
HYBRID_ALPHA = 0.6
# The cosine that earns a dense score of 1 even when it is the query's best: below it the
# dense side is weak (nothing close in meaning) and scores less. On the dev set's title
# queries the best cosine is under 0.44 for 1% of them and under 0.51 for 5%; full
# coverage keeps hybrid nDCG@10 at 0.9713 with 0.4 (as with no floor), 0.9710 with 0.45,
# 0.9708 with 0.6 (queries encoded on onnxruntime; docs/benchmarks/search-quality.md, issue 20).
DENSE_FULL_MARKS = 0.4

# How far down a side's list its best is compared with. The 5th, 10th and 20th give
# nDCG@10 within 0.0008 of each other on both prose sets and within 0.0024 with the
# keyword side handicapped, the 20th the most there; the 2nd (one rival decides) is
# 0.003-0.004 lower on both sets (bench/prose_fusion.py; docs/guide/search.md).
LEAD_RANK = 20
_LEAST_LEAD = 1e-6  # far below any real lead; above 0, so ties still break


def convex_fusion(
    dense: dict[int, float], keyword: dict[int, float], alpha: float = HYBRID_ALPHA
) -> list[tuple[int, float]]:
    """(paper id, fused score) of every candidate of either side, best first (ties by
    id, so the order is stable). `dense` holds the cosine of every candidate that has a
    vector; a candidate absent from it has none yet. A side with no positive score
    counts for nothing."""
    candidates = dense.keys() | keyword.keys()
    alpha *= len(dense) / len(candidates) if candidates else 1.0
    dense_scale = max(max(dense.values(), default=0.0), DENSE_FULL_MARKS)
    best_semantic = max(max(dense.values(), default=0.0), 0.0) / dense_scale
    best_keyword = max(keyword.values(), default=0.0)
    fused = []
    for pid in candidates:
        lexical = keyword.get(pid, 0.0) / best_keyword if best_keyword > 0 else 0.0
        if pid in dense:
            semantic = max(dense[pid], 0.0) / dense_scale
        else:  # no vector yet: judged by its words, as close as the closest paper at most
            semantic = min(lexical, best_semantic) if dense else lexical
        fused.append((pid, alpha * semantic + (1 - alpha) * lexical))
    fused.sort(key=lambda r: (-r[1], r[0]))
    return fused


def z_score_fusion(
    dense: dict[int, float],
    keyword: dict[int, float],
    dense_weight: float = 1.0,
    lead_rank: int = LEAD_RANK,
) -> list[tuple[int, float]]:
    """(paper id, fused score) of every candidate of either side, best first (ties by
    id). Each side's scores are standardised over its own candidates (mean 0, standard
    deviation 1) and summed, each side's times its lead (how far its best stands above
    its `lead_rank`-th; 0: equal weights) and the dense side's also times `dense_weight`
    (the share of the corpus with vectors: a side that can rank a tenth of the papers
    counts a tenth). A candidate one side did not list ranked below everything it did,
    and takes that side's lowest z-score: the most it can have had."""
    lexical, semantic = _standardised(keyword), _standardised(dense)
    lexical_weight = _lead(lexical, lead_rank) if lead_rank else 1.0
    dense_weight *= _lead(semantic, lead_rank) if lead_rank else 1.0
    lexical_floor = min(lexical.values(), default=0.0)
    semantic_floor = min(semantic.values(), default=0.0)
    fused = [(pid, lexical_weight * lexical.get(pid, lexical_floor)
                   + dense_weight * semantic.get(pid, semantic_floor))
             for pid in keyword.keys() | dense.keys()]  # fmt: skip
    fused.sort(key=lambda r: (-r[1], r[0]))
    return fused


def _lead(z_scores: dict[int, float], rank: int) -> float:
    """The best z-score minus the rank-th best (the last, on a shorter list), never quite
    0: a side level at the top still orders what the other side leaves tied, and its own
    tail when it is alone."""
    top = sorted(z_scores.values(), reverse=True)[:rank]
    return max(top[0] - top[-1], _LEAST_LEAD) if top else 0.0


def _standardised(scores: dict[int, float]) -> dict[int, float]:
    if not scores:
        return {}
    mean = sum(scores.values()) / len(scores)
    spread = (sum((s - mean) ** 2 for s in scores.values()) / len(scores)) ** 0.5
    return {pid: (s - mean) / spread if spread > 0 else 0.0 for pid, s in scores.items()}


def by_score(scores: dict[int, float]) -> list[tuple[int, float]]:
    """One side alone, best first (ties by id)."""
    return sorted(scores.items(), key=lambda r: (-r[1], r[0]))


def reciprocal_rank_fusion(*rankings: list[int], k: int = RRF_K) -> list[tuple[int, float]]:
    """(paper id, sum of 1 / (k + rank)) over the rankings, best first (ties by id)."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, pid in enumerate(ranking, 1):
            fused[pid] = fused.get(pid, 0.0) + 1.0 / (k + rank)
    return by_score(fused)
