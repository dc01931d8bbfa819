"""The retrievers a search draws candidates from, each behind the same small interface and
each applying the filters itself: dense (HNSW over the model's vectors) and keyword
(BM25 in the Tantivy index). A new retriever is one class here and one registry line."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np

from papers.embeddings import vector_coverage
from papers.filters import Filters
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.params import SearchParams
from search.query import KeywordQuery
from search.semantic import cosines, nearest_and_cosines, query_vector

logger = logging.getLogger(__name__)


class RetrieverUnavailable(RuntimeError):
    """This retriever cannot answer now (no model, no index yet); the message says so."""


Ranking = list[tuple[int, float]]  # (paper id, score), best first


class Retriever(Protocol):
    name: str
    unavailable_notice: str  # shown when this side is missing from a search

    def prepare(self, params: SearchParams) -> Any:
        """The search's query in this retriever's terms; raises RetrieverUnavailable."""

    def retrieve(self, query: Any, filters: Filters, depth: int, exclude_ids: Sequence[int],
                 others: Sequence[int] = ()) -> tuple[Ranking, dict[int, float]]:  # fmt: skip
        """(paper id, score) of the best `depth` papers passing the filters, best first;
        and the scores of those of `others` (another side's candidates) it can score."""

    def scores(self, query: Any, paper_ids: Iterable[int]) -> dict[int, float]:
        """Scores of these papers (those this side can score at all)."""


class Dense:
    name = "semantic"
    unavailable_notice = "Semantic search is unavailable; showing keyword matches."

    def __init__(self):
        self.vector_cached: bool | None = None

    def prepare(self, params: SearchParams) -> np.ndarray:
        if not vector_coverage().embedded:  # nothing to rank: the query need not be encoded
            raise RetrieverUnavailable("no paper has a vector yet")
        try:
            vector, self.vector_cached = query_vector(params.text)
        except Exception as error:  # no model (or no memory for it): keyword results beat an error
            logger.exception("could not embed the query")
            raise RetrieverUnavailable(str(error)) from None
        return vector

    def retrieve(self, query, filters, depth, exclude_ids, others=()):
        return nearest_and_cosines(query, depth, filters, exclude_ids, others)

    def scores(self, query, paper_ids):
        return cosines(query, list(paper_ids))


class Keyword:
    name = "keyword"
    unavailable_notice = "Keyword matching is unavailable right now; showing meaning matches."

    def prepare(self, params: SearchParams) -> KeywordQuery:
        try:
            keyword_reader.searcher()  # fails now rather than halfway through the search
        except KeywordIndexUnavailable as error:
            raise RetrieverUnavailable(str(error)) from None
        return params.keyword

    def retrieve(self, query, filters, depth, exclude_ids, others=()):
        ranked = keyword_reader.search(query, filters, depth, exclude_ids)
        found = {pid for pid, _ in ranked}
        return ranked, self.scores(query, [pid for pid in others if pid not in found])

    def scores(self, query, paper_ids):
        return keyword_reader.scores(query, paper_ids)


RETRIEVERS: dict[str, type[Retriever]] = {"semantic": Dense, "keyword": Keyword}
# Which retrievers each mode fuses, and the one to fall back on when they are missing.
MODE_RETRIEVERS = {"hybrid": ("semantic", "keyword"), "semantic": ("semantic",),
                   "keyword": ("keyword",)}  # fmt: skip
FALLBACK = {"semantic": "keyword", "keyword": "semantic"}
