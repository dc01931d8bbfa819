"""The search pipeline: HTML views, the API, feeds and `manage.py evaluate` all call
these. A search is one pass: parse (search.params, once, before this) → retrieve
candidates from each retriever (search.retrievers; each applies the filters itself) →
complete every candidate's scores → fuse (search.ranking, pure) → order → hydrate
(search.hits)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from papers.embeddings import Coverage, vector_coverage
from papers.filters import Filters
from papers.models import Paper
from papers.selectors import paper_by_arxiv_id, paper_list, papers_by_id
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.hits import Hit, Ranked, hydrate
from search.more_like_this import distinctive_words, words_query
from search.params import MAX_RESULTS, SearchParams
from search.query import parse_keyword_query
from search.ranking import by_score, convex_fusion, z_score_fusion
from search.retrievers import (
    FALLBACK,
    MODE_RETRIEVERS,
    RETRIEVERS,
    Dense,
    RetrieverUnavailable,
    cosines,
)
from search.semantic import nearest, paper_vector, query_vector

# Per retriever, before fusion. Keyword ranks are given within these (null below them):
# fetching the best 1,000 keyword matches only to rank them cost ~0.5 ms a query.
CANDIDATES = 100
# The dense side's when it is fused with keywords' 100 by score: an HNSW beam of 100
# cost 4.4 ms of a 14.7-ms hybrid search, one of 40 1.5 ms, and the dev set's nDCG@10
# is the same with 20, 40 or 100 (0.9723; 0.9501 against 0.9500 at 10% of vectors).
# Prose keeps 100: its fusion standardises each side over its own list.
FUSED_DENSE_CANDIDATES = 40


@dataclass
class SearchResult:
    hits: list[Hit]
    mode: str  # what ran: a fallback when a retriever was unavailable
    total: int  # candidates found (capped at MAX_RESULTS)
    notices: list[str] = field(default_factory=list)
    coverage: Coverage | None = None  # how much of the corpus the dense side can rank
    query_vector_cached: bool | None = None
    seconds: float = 0.0


def paper_search(params: SearchParams) -> SearchResult:
    started = time.perf_counter()
    result = SearchResult([], params.mode, 0, coverage=vector_coverage())
    if params.arxiv_id:
        ranked = _by_arxiv_id(params.arxiv_id, params.filters, params.depth, result)
    elif not params.text:
        ranked = _listing(params.filters, params.sort, params.depth, params.exclude_ids)
    else:
        ranked = _retrieve_and_fuse(params, result)
    result.total = len(ranked)
    page, loaded = _ordered_page(ranked, params)
    result.hits = hydrate(page, params.keyword.marks, loaded)
    result.seconds = time.perf_counter() - started
    return result


def _ordered_page(ranked: list[Ranked], params: SearchParams,
                  ) -> tuple[list[Ranked], dict[int, Paper] | None]:  # fmt: skip
    """The page's entries in the order asked for: the ranking's, or by one of the papers'
    own fields (newest first, or most cited first; papers without it last, ties in the
    ranking's order), which reads every ranked paper once and hands them to hydration."""
    first = (params.page - 1) * params.page_size
    if params.sort == "relevance":
        return ranked[first : params.depth], None
    loaded = papers_by_id([r.paper_id for r in ranked])
    field = _SORT_FIELDS[params.sort]

    def key(r: Ranked) -> tuple[bool, object]:
        value = getattr(loaded[r.paper_id], field) if r.paper_id in loaded else None
        return value is not None, value

    return sorted(ranked, key=key, reverse=True)[first : params.depth], loaded


_SORT_FIELDS = {"newest": "published", "citations": "citation_count"}


def _retrieve_and_fuse(params: SearchParams, result: SearchResult) -> list[Ranked]:
    names = list(MODE_RETRIEVERS[params.mode])
    if "semantic" in names and result.coverage.waiting:
        result.notices.append(coverage_notice(result.coverage, params.mode))
    retrievers, queries = _prepare(names, params, result)
    if not retrievers and len(names) == 1:  # the mode's one side is missing: the other one
        retrievers, queries = _prepare([FALLBACK[names[0]]], params, result)
    if not retrievers:
        return []
    result.mode = params.mode if list(retrievers) == names else next(iter(retrievers))
    dense = retrievers.get("semantic")
    if isinstance(dense, Dense):
        result.query_vector_cached = dense.vector_cached

    fuse_scores = len(retrievers) == 2 and not params.prose
    depth = {name: max(CANDIDATES, params.depth) for name in retrievers}
    if fuse_scores:
        depth["semantic"] = max(FUSED_DENSE_CANDIDATES, params.depth)
    # Keyword first: fused by score, its candidates' cosines come with the dense scan.
    order = sorted(retrievers, key=lambda name: name != "keyword")
    found: dict[str, dict[int, float]] = {}  # each side's candidates, best first
    ranks: dict[int, int] = {}
    for name in order:
        others = [pid for side in found.values() for pid in side] if fuse_scores else []
        ranked, also = retrievers[name].retrieve(queries[name], params.filters, depth[name],
                                                 params.exclude_ids, others)  # fmt: skip
        if name == "keyword":
            ranks = {pid: rank for rank, (pid, _) in enumerate(ranked, 1)}
        found[name] = dict(ranked) | also
    if fuse_scores:
        # Both scores for every candidate: the cosines came with the dense scan. A dense
        # candidate below the keyword side's best `depth` scores at most the last of
        # them, and is taken to score half that (none when the side found fewer: it does
        # not match). Asking the index for those scores cost 0.8 ms of a 10-ms search
        # for no dev-set nDCG@10 (0.9713 asked, 0.9716 imputed; 0.9502 at 10% of vectors).
        keyword = found["keyword"]
        unseen = min(keyword.values()) / 2 if len(keyword) >= depth["keyword"] else 0.0
        for pid in found["semantic"]:
            keyword.setdefault(pid, unseen)
        fused = convex_fusion(found["semantic"], keyword)
    elif len(found) == 2:
        fused = z_score_fusion(found["semantic"], found["keyword"], result.coverage.share)
        # Of the two scores only the cosine is shown: complete it for the hits shown
        # alone (the fusion reads each side's own lists; re-scoring a long text's terms
        # for the other side's papers costs ~5 ms).
        shown = [pid for pid, _ in fused[: params.depth] if pid not in found["semantic"]]
        found["semantic"] |= retrievers["semantic"].scores(queries["semantic"], shown)
    else:
        fused = by_score(next(iter(found.values())))
    cosine = found.get("semantic", {})
    return [Ranked(pid, score, cosine.get(pid), ranks.get(pid))
            for pid, score in fused[:MAX_RESULTS]]  # fmt: skip


def coverage_notice(coverage: Coverage, mode: str) -> str:
    waiting = f"{coverage.waiting:,} of {coverage.papers:,} papers are still being embedded"
    if mode == "semantic":
        return (f"{waiting}; meaning-based search finds them as their vectors arrive "
                "(keyword and hybrid search find them now).")  # fmt: skip
    return f"{waiting}; they are ranked by their words until their vectors arrive."


def _prepare(names: list[str], params: SearchParams, result: SearchResult):
    """The retrievers that can answer, with the query in each one's terms; a notice for
    each that cannot."""
    retrievers, queries = {}, {}
    for name in names:
        retriever = RETRIEVERS[name]()
        try:
            queries[name] = retriever.prepare(params)
            retrievers[name] = retriever
        except RetrieverUnavailable:
            result.notices.append(retriever.unavailable_notice)
    return retrievers, queries


def paper_similar(paper: Paper, filters: Filters | None = None, k: int = 10) -> list[Hit]:
    """More like this: nearest neighbours of the paper's stored vector, itself excluded."""
    vector = paper_vector(paper)
    if vector is None:
        return []
    neighbours = nearest(vector, k, filters, exclude_ids=[paper.id])
    return hydrate([Ranked(pid, s, s) for pid, s in neighbours], set())


@dataclass
class Similar:
    hits: list[Hit]
    by: str  # "meaning": the paper's vector's nearest; "words": its vector is not made yet


def similar_papers(paper: Paper, filters: Filters | None = None, k: int = 10) -> Similar:
    """More like this, by meaning once the paper has its vector; until then (a backfill
    can take hours) by its most distinctive words, so the list is never empty for lack of
    a vector."""
    hits = paper_similar(paper, filters, k)
    if hits or paper_vector(paper) is not None:
        return Similar(hits, "meaning")
    weights = distinctive_words([paper.id]).get(paper.id)
    if not weights:  # no keyword index yet, or a paper without words
        return Similar([], "words")
    query = words_query(weights)
    try:
        found = keyword_reader.search(query, filters or Filters(), k, [paper.id])
    except KeywordIndexUnavailable:
        return Similar([], "words")
    ranked = [Ranked(pid, score, None, rank) for rank, (pid, score) in enumerate(found, 1)]
    return Similar(hydrate(ranked, query.marks), "words")


def search_within(query: str, paper_ids: list[int]) -> list[Hit]:
    """Semantic search over only these papers (a user's library), most similar first.
    Exact cosines, no index: a library is small, and an HNSW scan filtered down to a few
    hundred papers would walk most of the graph."""
    text = " ".join(query.split())
    if not text or not paper_ids:
        return []
    vector, _ = query_vector(text)
    ranked = by_score(cosines(vector, paper_ids))
    return hydrate([Ranked(pid, s, s) for pid, s in ranked], parse_keyword_query(text).marks)


def _by_arxiv_id(arxiv_id: str, filters: Filters, depth: int,
                 result: SearchResult) -> list[Ranked]:  # fmt: skip
    paper = paper_by_arxiv_id(arxiv_id)
    if paper is None:
        result.notices.append(f"No paper {arxiv_id} here.")
        return []
    vector = paper_vector(paper)
    neighbours = [] if vector is None else nearest(vector, depth - 1, filters, [paper.id])
    return [Ranked(paper.id, 1.0, 1.0), *(Ranked(pid, s, s) for pid, s in neighbours)]


def _listing(filters: Filters, sort: str, depth: int,
             exclude_ids: tuple[int, ...]) -> list[Ranked]:  # fmt: skip
    """No words: the papers passing the filters, newest (or most cited) first."""
    ordering = "citations" if sort == "citations" else "newest"
    listing = paper_list(filters, ordering).exclude(id__in=exclude_ids).values_list("id", flat=True)
    return [Ranked(pid, 0.0) for pid in listing[:depth]]
