"""A search's papers per month, for the growth chart on search pages and the API's
/api/v1/search/trend/. "Is this topic growing?"

The candidates are those a saved search follows (search/new_papers.py), over the whole
corpus: in keyword mode every paper holding all the query's words (phrases as phrases,
none of its excluded words); in semantic mode every paper whose cosine to the query is at
least SAVED_SEARCH_MIN_COSINE; in hybrid mode either; the filters apply throughout. A
query that cannot be embedded counts keyword matches alone, and the reverse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min

from papers.models import Paper
from papers.selectors import paper_list
from search.fulltext.reader import keyword_reader
from search.fulltext.schema import EPOCH
from search.months import month_number
from search.params import SearchParams
from search.retrievers import MODE_RETRIEVERS, RETRIEVERS, RetrieverUnavailable
from search.semantic import published_above

TREND_SECONDS = 600


@dataclass(frozen=True)
class Trend:
    months: list[tuple[int, int]]  # (month number: months since 1970-01 plus one, papers)
    papers: int  # matching papers, dated or not
    first: int  # the corpus's first and last month: the chart's span
    last: int
    mode: str  # what counted (a fallback when one side is unavailable), or "filters"


def search_trend(params: SearchParams) -> Trend:
    key = "trend:" + hashlib.sha256(repr((params.text, params.mode, params.filters,
                                          params.prose)).encode()).hexdigest()  # fmt: skip
    cached = cache.get(key)
    if cached is None:
        cached = _trend(params)
        cache.set(key, cached, TREND_SECONDS)
    return cached


def _trend(params: SearchParams) -> Trend:
    first, last = corpus_months()
    if not params.text:  # filters alone: every paper that passes them, as a saved search
        found = dict(paper_list(params.filters, ordering=None).values_list("id", "published"))
        return Trend(_by_month(found), len(found), first, last, "filters")
    found: dict[int, dt.date | None] = {}
    counted = []
    for name in MODE_RETRIEVERS[params.mode] if params.text else ():
        try:  # the retriever prepares the query as a search would, or says it cannot
            query = RETRIEVERS[name]().prepare(params.text, params.prose)
        except RetrieverUnavailable:
            continue
        if name == "keyword":
            days = keyword_reader.matching_days(query, params.filters)
            found |= {pid: _day(day) for pid, day in days.items()}
        else:
            min_cosine = settings.SAVED_SEARCH_MIN_COSINE
            found |= published_above(query, min_cosine, params.filters)
        counted.append(name)
    mode = "hybrid" if len(counted) == 2 else (counted[0] if counted else "none")
    return Trend(_by_month(found), len(found), first, last, mode)


def _by_month(found: dict[int, dt.date | None]) -> list[tuple[int, int]]:
    return sorted(Counter(month_number(day) for day in found.values() if day is not None).items())


def corpus_months() -> tuple[int, int]:
    """The first and last month any paper was published in (cached for a while)."""
    cached = cache.get("trend:corpus-months")
    if cached is None:
        span = Paper.objects.aggregate(first=Min("published"), last=Max("published"))
        cached = (month_number(span["first"]), month_number(span["last"]))
        cache.set("trend:corpus-months", cached, TREND_SECONDS)
    return cached


def _day(number: int | None) -> dt.date | None:
    return None if number is None else EPOCH + dt.timedelta(days=int(number))
