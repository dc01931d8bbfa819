"""The one search service: HTML views, the API and `manage.py evaluate` all call these.

Hybrid ranking is a convex combination of the two signals, each normalised by its best
score for the query: alpha * cosine/max_cosine + (1 - alpha) * bm25/max_bm25, over the
union of both candidate lists, with both scores known exactly for every candidate (the
BM25 index scores every paper; cosine is computed for keyword-only candidates). This
beats reciprocal-rank fusion, which throws the score gaps away (Bruch et al., "An
Analysis of Fusion Functions for Hybrid Retrieval", 2023).
"""

from __future__ import annotations

import html
import logging
import time
from dataclasses import dataclass, field

import numpy as np
from django.db import connection

from papers import encoder
from papers.filters import Filters
from papers.models import Embedding, Paper
from papers.selectors import paper_by_arxiv_id, paper_list, papers
from search.keyword import best_rows, index_cache, lexemes, parse_keyword_query
from search.params import MAX_RESULTS, SearchParams
from search.semantic import nearest, paper_vector, query_vector, vector_literal
from search.snippets import snippet

logger = logging.getLogger(__name__)

# The weight of the dense signal. On ../shared/eval/known-item-dev nDCG@10 is flat from
# 0.5 to 0.7 (0.967, 0.971, 0.966) and falls below 0.5 (0.962 at 0.3): 0.6 leans to the
# dense side, which conceptual queries (not in that set) need.
HYBRID_ALPHA = 0.6
CANDIDATES = 100  # per signal, before fusion
RANKED_MATCHES = 1000  # keyword ranks are given within the best this many matches


@dataclass
class Hit:
    paper: Paper
    score: float
    semantic_similarity: float | None = None
    keyword_rank: int | None = None  # 1 = the best keyword match in the corpus
    snippet: str = ""  # HTML-safe; <mark> is the only markup
    reason: str = ""


@dataclass
class SearchResult:
    hits: list[Hit]
    mode: str  # the mode that ran (keyword when the query could not be embedded)
    total: int  # candidates found (capped at MAX_RESULTS)
    notices: list[str] = field(default_factory=list)
    query_vector_cached: bool | None = None
    seconds: float = 0.0


def paper_search(params: SearchParams) -> SearchResult:
    """The one search: parse (done: `params`) → retrieve → fuse → hydrate."""
    started = time.perf_counter()
    filters, depth, exclude_ids = params.filters, params.depth, params.exclude_ids
    result = SearchResult([], params.mode, 0)

    marks: set[str] = set()  # the query's lexemes, marked in snippets
    if params.arxiv_id:
        ranked = _by_arxiv_id(params.arxiv_id, filters, depth, result)
    elif not params.text:
        ranked = _newest(filters, depth, exclude_ids)
    else:
        keyword_query = parse_keyword_query(params.text)  # one analysis for ranking and marks
        marks = {*keyword_query.terms, *keyword_query.excluded}
        ranked = _rank(params.text, keyword_query, params.mode, filters, depth, exclude_ids,
                       result)  # fmt: skip

    if params.sort == "newest":
        ids = [r[0] for r in ranked]
        dates = dict(papers().filter(id__in=ids).values_list("id", "published"))
        ranked.sort(key=lambda r: (dates.get(r[0]) is not None, dates.get(r[0])), reverse=True)
    result.total = len(ranked)
    window = ranked[(params.page - 1) * params.page_size : params.page * params.page_size]
    result.hits = _hits(window, marks)
    result.seconds = time.perf_counter() - started
    return result


def paper_similar(paper: Paper, filters: Filters | None = None, k: int = 10) -> list[Hit]:
    """More like this: nearest neighbours of the paper's stored vector, itself excluded."""
    vector = paper_vector(paper)
    if vector is None:
        return []
    ranked = [(pid, s, s, None) for pid, s in nearest(vector, k, filters, exclude_ids=[paper.id])]
    return _hits(ranked, set())


def search_within(query: str, paper_ids: list[int]) -> list[Hit]:
    """Semantic search over only these papers (a user's library), most similar first.
    Exact cosines, no index: a library is small, and an HNSW scan filtered down to a few
    hundred papers would walk most of the graph."""
    text = " ".join(query.split())
    if not text or not paper_ids:
        return []
    vector, _ = query_vector(text)
    ranked = sorted(_cosines(vector, paper_ids).items(), key=lambda r: -r[1])
    return _hits([(pid, s, s, None) for pid, s in ranked], set(lexemes(text)))


# Each ranked entry: (paper id, score, cosine or None, keyword rank or None).
Ranked = list[tuple[int, float, float | None, int | None]]


def _by_arxiv_id(arxiv_id: str, filters: Filters, depth: int, result: SearchResult) -> Ranked:
    paper = paper_by_arxiv_id(arxiv_id)
    if paper is None:
        result.notices.append(f"No paper {arxiv_id} here.")
        return []
    vector = paper_vector(paper)
    neighbours = [] if vector is None else nearest(vector, depth - 1, filters, [paper.id])
    return [(paper.id, 1.0, 1.0, None), *((pid, s, s, None) for pid, s in neighbours)]


def _newest(filters: Filters, depth: int, exclude_ids: tuple[int, ...]) -> Ranked:
    listing = paper_list(filters).exclude(id__in=exclude_ids).values_list("id", flat=True)
    return [(pid, 0.0, None, None) for pid in listing[:depth]]


def _rank(text, keyword_query, mode, filters, depth, exclude_ids, result: SearchResult) -> Ranked:
    index = index_cache.get()
    keyword_scores = index.scores(keyword_query) if mode != "semantic" else None
    cosine: dict[int, float] = {}
    vector = None
    if mode != "keyword":
        try:
            vector, result.query_vector_cached = query_vector(text)
        except Exception:  # no model (or no memory for it): keyword results beat an error
            logger.exception("could not embed the query; falling back to keyword search")
            result.notices.append("Semantic search is unavailable; showing keyword matches.")
            result.mode = mode = "keyword"
            if keyword_scores is None:
                keyword_scores = index.scores(keyword_query)
        if vector is not None:
            cosine = dict(nearest(vector, max(CANDIDATES, depth), filters, exclude_ids))

    keyword_rank: dict[int, int] = {}
    bm25: dict[int, float] = {}
    if keyword_scores is not None:
        best, matching = best_rows(keyword_scores, max(RANKED_MATCHES, depth + len(exclude_ids)))
        candidates = _keyword_candidates(index, keyword_scores, best, matching, filters,
                                         exclude_ids, depth)  # fmt: skip
        pids = np.array(sorted(set(candidates) | set(cosine)), dtype=np.int64)
        scores = np.zeros(len(pids), dtype=np.float32)
        if len(index.ids) and len(pids):
            rows = np.minimum(np.searchsorted(index.ids, pids), len(index.ids) - 1)
            known = index.ids[rows] == pids  # index.ids is sorted; unknown = not indexed yet
            scores[known] = keyword_scores[rows[known]]
        # Rank = 1 + how many papers score higher: exact for every score at least the
        # lowest of the best (all papers above it are among them), omitted below that.
        best_scores = keyword_scores[best]
        floor = best_scores[-1] if matching > len(best) else 0.0
        ranks = 1 + np.searchsorted(-best_scores, -scores, side="left")
        for pid, score, rank in zip(pids.tolist(), scores.tolist(), ranks.tolist(), strict=True):
            if score > 0:
                bm25[pid] = score
                if score >= floor:
                    keyword_rank[pid] = rank
        if vector is not None:
            missing = [pid for pid in bm25 if pid not in cosine]
            cosine.update(_cosines(vector, missing))

    if mode == "semantic" or (mode == "hybrid" and not bm25):
        ranked = sorted(cosine.items(), key=lambda r: -r[1])
        return [(pid, s, s, keyword_rank.get(pid)) for pid, s in ranked][:MAX_RESULTS]
    if mode == "keyword" or not cosine:
        ranked = sorted(bm25.items(), key=lambda r: -r[1])[:MAX_RESULTS]
        return [(pid, s, cosine.get(pid), keyword_rank.get(pid)) for pid, s in ranked]
    return _fuse(cosine, bm25, keyword_rank)


def _fuse(cosine: dict[int, float], bm25: dict[int, float], keyword_rank) -> Ranked:
    best_cosine = max(cosine.values())
    best_bm25 = max(bm25.values())
    fused = []
    for pid in set(cosine) | set(bm25):
        semantic = cosine.get(pid, 0.0) / best_cosine if best_cosine > 0 else 0.0
        lexical = bm25.get(pid, 0.0) / best_bm25
        fused.append((pid, HYBRID_ALPHA * semantic + (1 - HYBRID_ALPHA) * lexical))
    fused.sort(key=lambda r: -r[1])
    return [(pid, s, cosine.get(pid), keyword_rank.get(pid)) for pid, s in fused[:MAX_RESULTS]]


def _keyword_candidates(index, scores, best, matching: int, filters: Filters, exclude_ids,
                        depth: int) -> list[int]:  # fmt: skip
    """The best-scoring papers that also pass the filters, at least `depth` of them.
    `best` are the rows of the best matches, best first, of `matching` in all."""
    wanted = max(CANDIDATES, depth)
    excluded = set(exclude_ids)
    if filters == Filters():
        return [pid for pid in index.ids[best].tolist() if pid not in excluded][:wanted]
    chosen = _passing(index.ids[best].tolist(), filters, excluded, wanted)
    if len(chosen) < wanted and matching > len(best):  # a narrow filter: look further down
        everything, _ = best_rows(scores, matching)
        chosen = _passing(index.ids[everything].tolist(), filters, excluded, wanted)
    return chosen


def _passing(ids: list[int], filters: Filters, excluded: set[int], wanted: int) -> list[int]:
    """The first `wanted` of these papers that pass the filters, in order."""
    where, params = filters.sql()
    chosen: list[int] = []
    for start in range(0, len(ids), 2000):  # filter in SQL, a slice of candidates at a time
        chunk = [pid for pid in ids[start : start + 2000] if pid not in excluded]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT p.id FROM {Paper._meta.db_table} p WHERE p.id = ANY(%s) AND {where}",
                [chunk, *params],
            )
            passing = {pid for (pid,) in cursor.fetchall()}
        chosen += [pid for pid in chunk if pid in passing]
        if len(chosen) >= wanted:
            break
    return chosen[:wanted]


def _cosines(vector: np.ndarray, paper_ids: list[int]) -> dict[int, float]:
    """Cosine similarity of the query to these papers, computed in the database (shipping
    the vectors here and parsing them cost ten times more)."""
    if not paper_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT paper_id, 1 - (vector <=> %s::halfvec) FROM {Embedding._meta.db_table} "
            "WHERE paper_id = ANY(%s) AND model_name = %s",
            [vector_literal(vector), paper_ids, encoder.model_name()],
        )
        return dict(cursor.fetchall())


def _hits(ranked: Ranked, marks: set[str]) -> list[Hit]:
    """The ranked papers as hits, their snippets marking these lexemes."""
    if not ranked:
        return []
    by_id = papers().in_bulk([r[0] for r in ranked])
    hits = []
    for pid, score, similarity, rank in ranked:
        paper = by_id.get(pid)
        if paper is None:
            continue
        marked = snippet(paper.abstract, marks) if marks else ""
        text_snippet = marked or html.escape(_shorten(paper.abstract))
        hits.append(Hit(paper, score, similarity, rank, text_snippet, _reason(similarity, rank)))
    return hits


def _shorten(text: str, words: int = 40) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def _reason(similarity: float | None, rank: int | None) -> str:
    reasons = []
    if similarity is not None:
        reasons.append(f"meaning similarity {similarity:.2f}")
    if rank is not None:
        reasons.append(f"keyword match #{rank}")
    return "; ".join(reasons)
