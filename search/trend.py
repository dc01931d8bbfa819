"""A search's papers per month, for the growth chart on search pages and the API's
/api/v1/search/trend/. "Is this topic growing?"

The papers counted are those a saved search of it follows (search/matching.py), over the
whole corpus: the keyword side through the keyword index, the meaning side through the
HNSW index (approximate, capped at semantic.MAX_CLOSE, and stopped at TREND_WALK_BUDGET_MS:
a broad query's walk took up to 2 s at 1M papers; the chart then says "at least"). A query
that cannot be embedded counts its keyword matches alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.core.cache import cache

from papers.selectors import corpus_version, newest_vector, published_span
from search.matching import MatchRule, matching_papers, named_paper_vector
from search.months import month_number
from search.params import SearchParams
from search.retrievers import Dense, RetrieverUnavailable

TREND_SECONDS = 600


@dataclass(frozen=True)
class Trend:
    months: list[tuple[int, int]]  # (month number: months since 1970-01 plus one, papers)
    papers: int  # matching papers, dated or not
    first: int  # the corpus's first and last month: the chart's span
    last: int
    mode: str  # what counted (a fallback when one side is unavailable), or "filters"
    capped: bool = False  # the meaning side stopped at its cap: `papers` is a floor


def search_trend(params: SearchParams) -> Trend:
    key = _key(params)
    cached = cache.get(key)
    if cached is None:
        cached = _trend(params)
        cache.set(key, cached, TREND_SECONDS)
    return cached


def cached_trend(params: SearchParams) -> Trend | None:
    """The trend if it is cached already, else None (the search page then fetches it
    apart: walking the index for it took 100-300 ms at 1M papers, more than the search)."""
    return cache.get(_key(params))


def _key(params: SearchParams) -> str:
    # Kept until the corpus or its vectors change (or TREND_SECONDS pass): a new paper
    # counts at the next request.
    asked = (params.text, params.arxiv_id, params.mode, params.filters, params.prose,
             settings.SAVED_SEARCH_MIN_COSINE, corpus_version(), newest_vector())  # fmt: skip
    return "trend:" + hashlib.sha256(repr(asked).encode()).hexdigest()


def _trend(params: SearchParams) -> Trend:
    first, last = corpus_months()
    rule = MatchRule.of(params, _vector(params), settings.SAVED_SEARCH_MIN_COSINE)
    matched = matching_papers(rule, settings.TREND_WALK_BUDGET_MS / 1000)
    sides = matched.sides
    mode = "hybrid" if len(sides) == 2 else sides[0] if sides else "none"
    return Trend(_by_month(matched.papers), len(matched.papers), first, last, mode, matched.capped)


def _vector(params: SearchParams) -> np.ndarray | None:
    """The query's vector as a search gets it, the named paper's, or None when there is
    none to be had (no vectors yet, no model here): the keyword side counts alone."""
    if params.arxiv_id:
        return named_paper_vector(params)
    if not params.text or params.mode == "keyword":
        return None
    try:
        return Dense().prepare(params)
    except RetrieverUnavailable:
        return None


def _by_month(found: dict[int, dt.date | None]) -> list[tuple[int, int]]:
    return sorted(Counter(month_number(day) for day in found.values() if day is not None).items())


def corpus_months() -> tuple[int, int]:
    """The first and last month any paper was published in (cached for a while)."""
    cached = cache.get("trend:corpus-months")
    if cached is None:
        cached = tuple(month_number(day) for day in published_span())
        cache.set("trend:corpus-months", cached, TREND_SECONDS)
    return cached
