"""Reading the keyword index in a web process: BM25 over title and abstract as one field,
with phrases, exclusions and every filter applied inside the index.

The index is memory-mapped, so every process shares the operating system's page cache
instead of holding its own copy. A reader notices the writer's commits (and a rebuilt
generation) within RELOAD_SECONDS, and never builds anything itself: with no index yet,
or an unreadable one, it raises KeywordIndexUnavailable and search answers from the
semantic side while the writer (re)builds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import tantivy
from django.conf import settings
from tantivy import FieldType, Occur, Query

from papers.filters import Filters
from papers.venues import venue_label
from search.fulltext.schema import SCHEMA, day_number, name_terms, open_index
from search.fulltext.writer import current_generation
from search.query import KeywordQuery

RELOAD_SECONDS = 0.5


class KeywordIndexUnavailable(RuntimeError):
    """No keyword index to read yet (or an unreadable one); the writer builds it."""


class KeywordReader:
    def __init__(self):
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._generation: Path | None = None
        self._checked = 0.0

    def searcher(self) -> tantivy.Searcher:
        with self._lock:
            now = time.monotonic()
            if self._index is None or now - self._checked > RELOAD_SECONDS:
                self._refresh()
                self._checked = now
            return self._index.searcher()

    def _refresh(self) -> None:
        generation = current_generation(Path(settings.KEYWORD_INDEX_DIR))
        try:
            if generation is None:
                raise KeywordIndexUnavailable("the keyword index is being built")
            if generation != self._generation:
                self._index, self._generation = open_index(generation), generation
            else:
                self._index.reload()
        except (OSError, ValueError) as error:
            self._index = self._generation = None
            raise KeywordIndexUnavailable(f"the keyword index is unreadable: {error}") from None
        except KeywordIndexUnavailable:
            self._index = self._generation = None
            raise

    @property
    def is_open(self) -> bool:
        """Whether this process has the index open (a warmed-up worker has)."""
        return self._index is not None

    def reset(self) -> None:
        """Look for the index afresh on the next search (after a test rebuilds it)."""
        with self._lock:
            self._index = self._generation = None

    def search(self, query: KeywordQuery, filters: Filters, limit: int,
               exclude_ids: Sequence[int] = ()) -> list[tuple[int, float]]:  # fmt: skip
        """(paper id, BM25 score) of the best `limit` papers that match and pass the
        filters, best first."""
        text = _text_query(query)
        if text is None or limit < 1:
            return []
        searcher = self.searcher()
        clauses = _filter_clauses(filters)
        if exclude_ids:
            clauses.append((Occur.MustNot, Query.term_set_query(SCHEMA, "id", list(exclude_ids))))
        # Unwrapped when nothing else applies: Tantivy runs block-max WAND over a union
        # of terms only at the top of the query (a title's 100 best: 0.76 ms, 0.96 wrapped).
        found = Query.boolean_query([(Occur.Must, text), *clauses]) if clauses else text
        return _best(searcher, found, limit)

    def scores(self, query: KeywordQuery, paper_ids: Iterable[int]) -> dict[int, float]:
        """BM25 scores of these papers (those that match the query)."""
        paper_ids = list(paper_ids)
        if not paper_ids:  # before the query is built: a pasted abstract's costs ~0.3 ms
            return {}
        text = _text_query(query)
        if text is None:
            return {}
        searcher = self.searcher()
        only = _no_score(Query.term_set_query(SCHEMA, "id", paper_ids))
        found = Query.boolean_query([(Occur.Must, text), (Occur.Must, only)])
        return dict(_best(searcher, found, len(paper_ids)))

    def matching_days(self, query: KeywordQuery, filters: Filters) -> dict[int, int | None]:
        """{paper id: published day number or None} of every paper holding all the
        query's words (title or abstract), its phrases and none of its excluded words:
        the keyword side of a search's match rule (search/matching.py), over the whole index."""
        if not query.terms and not query.phrases:
            return {}
        searcher = self.searcher()
        clauses = [(Occur.Must, _no_score(_term(term))) for term in query.terms]
        clauses += [(Occur.Must, _no_score(_phrase(phrase))) for phrase in query.phrases]
        clauses += [(Occur.MustNot, _term(term)) for term in query.excluded]
        clauses += _filter_clauses(filters)
        found = Query.boolean_query(clauses)
        hits = searcher.search(found, max(searcher.num_docs, 1), count=False).hits
        addresses = [address for _, address in hits]
        ids = searcher.fast_field_values("id", addresses)
        days = searcher.fast_field_values("published", addresses)
        return dict(zip(ids, days, strict=True))

    def document_frequencies(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(documents in the index, how many hold each term) for tf-idf weights."""
        searcher = self.searcher()
        return searcher.num_docs, {t: searcher.doc_freq("text", t) for t in terms}

    def documents(self) -> int:
        return self.searcher().num_docs


def _best(searcher: tantivy.Searcher, query: Query, limit: int) -> list[tuple[int, float]]:
    """(paper id, score) of the query's best `limit` documents, best first."""
    hits = searcher.search(query, limit, count=False).hits
    ids = searcher.fast_field_values("id", [address for _, address in hits])
    return [(pid, score) for pid, (score, _) in zip(ids, hits, strict=True)]


def _text_query(query: KeywordQuery) -> Query | None:
    if not query.terms:
        return None
    clauses = []
    for term in query.terms:
        weight = query.weights.get(term, 1.0)
        clauses.append((Occur.Should, _term(term) if weight == 1.0 else
                        Query.boost_query(_term(term), weight)))  # fmt: skip
    clauses += [(Occur.Must, _no_score(_phrase(phrase))) for phrase in query.phrases]
    clauses += [(Occur.MustNot, _term(term)) for term in query.excluded]
    return Query.boolean_query(clauses)


def _filter_clauses(filters: Filters) -> list[tuple[Occur, Query]]:
    clauses = []
    if filters.categories:
        any_of = [(Occur.Should, Query.term_query(SCHEMA, "categories", c))
                  for c in filters.categories]  # fmt: skip
        clauses.append(Query.boolean_query(any_of))
    clauses += [Query.term_query(SCHEMA, "links", kind) for kind in filters.has]
    if filters.venue:
        term = venue_label(filters.venue, filters.venue_year)
        clauses.append(Query.term_query(SCHEMA, "venue", term))
    if filters.person:
        clauses.append(Query.boolean_query([(Occur.Should, Query.term_query(SCHEMA, "people", key))
                                            for key in filters.person_keys]))  # fmt: skip
    for author in filters.authors:
        words = name_terms(author)
        # A name with no words (punctuation alone) cannot match any author.
        clauses.append(_phrase(list(enumerate(words)), "authors") if words else Query.empty_query())
    if filters.after or filters.before:
        clauses.append(Query.range_query(
            SCHEMA, "published", FieldType.Integer,
            day_number(filters.after) if filters.after else None,
            day_number(filters.before) if filters.before else None,
        ))  # fmt: skip
    return [(Occur.Must, _no_score(clause)) for clause in clauses]


def _term(term: str) -> Query:
    return Query.term_query(SCHEMA, "text", term, index_option="freq")


def _phrase(phrase: list[tuple[int, str]], field: str = "text") -> Query:
    if len(phrase) == 1:
        return Query.term_query(SCHEMA, field, phrase[0][1])
    return Query.phrase_query(SCHEMA, field, phrase)


def _no_score(query: Query) -> Query:
    """A condition that adds nothing to the BM25 score."""
    return Query.const_score_query(query, 0.0)


keyword_reader = KeywordReader()
