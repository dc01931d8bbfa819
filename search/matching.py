"""Which papers a search follows, as against how it ranks them: the rule a saved search
mails by (search/following/new_papers.py) and a search's growth chart counts by
(search/trend.py). Written once, run by two executors that must agree
(tests/search/test_match_rule_executors.py checks it on generated papers and queries):
- in memory, `MatchRule.by_words`, `by_meaning` and `passes` (following's pool of new
  papers, search/following/new_papers.py);
- `matching_papers`, the whole corpus through the keyword index and the HNSW index
  (approximate as that index is: docs/guide/map.md, "Growth at a glance").

The rule:
- a search of filters alone follows every paper that passes them;
- by its words (keyword and hybrid modes, not for prose or a paper's id): a paper holding
  every query term in its title or abstract, each quoted phrase within its title or
  within its abstract, and no excluded term, all analysed as the keyword index does;
- by meaning (semantic and hybrid modes, and a paper's id in any mode): a
  paper whose cosine to the query's vector (the named paper's own) is at least
  `min_cosine` (SAVED_SEARCH_MIN_COSINE, calibrated by bench/alert_threshold.py);
- hybrid: either. A side that cannot run (no vector for the query) drops out, and a paper
  with no vector yet can match by its words only;
- always: the filters (papers/filters.py, itself one rule with two executors).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from papers.filters import Filters
from papers.selectors import paper_by_arxiv_id, papers_passing, published_of
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.fulltext.schema import EPOCH
from search.params import SearchParams
from search.query import KeywordQuery
from search.semantic import paper_vector, published_above

Field = list[tuple[int, str]]  # (position, term) of a text, as the keyword index reads it


@dataclass(frozen=True)
class MatchRule:
    filters: Filters
    words: KeywordQuery | None = None  # None: no keyword side
    vector: np.ndarray | None = None  # None: no meaning side
    min_cosine: float = 1.0
    everything: bool = False  # no query: every paper that passes the filters

    @classmethod
    def of(cls, params: SearchParams, vector: np.ndarray | None, min_cosine: float) -> MatchRule:
        """The rule of this search, with its query's vector (or the named paper's; None
        when there is none)."""
        if not params.text and not params.arxiv_id:
            return cls(params.filters, everything=True)
        by_words = params.mode != "semantic" and not params.prose and not params.arxiv_id
        by_meaning = params.mode != "keyword" or params.arxiv_id is not None
        return cls(params.filters, words=params.keyword if by_words else None,
                   vector=vector if by_meaning else None, min_cosine=min_cosine)  # fmt: skip

    def by_words(self, title: Field, abstract: Field, held: set[str] | None = None) -> bool:
        """The keyword side, for one paper's analysed title and abstract (`held`: their
        terms, when the caller has them already)."""
        query = self.words
        if query is None or not query.terms:
            return False
        held = held if held is not None else {t for _, t in title} | {t for _, t in abstract}
        return (
            all(t in held for t in query.terms)
            and not any(t in held for t in query.excluded)
            and all(_has_phrase(title, p) or _has_phrase(abstract, p) for p in query.phrases)
        )

    def by_meaning(self, cosines: np.ndarray) -> np.ndarray:
        """The meaning side, for papers' cosines to the query: which are close enough."""
        if self.vector is None:
            return np.zeros(len(cosines), dtype=bool)
        return cosines >= self.min_cosine

    def passes(self, categories: list[str], authors: list[str], published: dt.date | None,
               link_kinds: list[str] = (), venue: str = "",
               venue_year: int | None = None) -> bool:  # fmt: skip
        return self.filters.matches(categories, authors, published, link_kinds, venue,
                                    venue_year)  # fmt: skip


@dataclass(frozen=True)
class Matched:
    papers: dict[int, dt.date | None]  # paper id: published date or None
    sides: tuple[str, ...]  # the sides that ran ("filters" for a search of filters alone)
    capped: bool = False  # the meaning side stopped at its cap: there may be more


def matching_papers(rule: MatchRule, budget_s: float | None = None) -> Matched:
    """Every paper of the corpus the rule follows: the keyword side through the index,
    the meaning side through the HNSW index (within `budget_s`, if given: see
    published_above). A side that cannot run now (no keyword index yet) drops out, and
    `sides` says which ran."""
    if rule.everything:
        return Matched(published_of(rule.filters), ("filters",))
    found: dict[int, dt.date | None] = {}
    sides = []
    capped = False
    if rule.words is not None:
        try:
            found |= _by_words(rule)
            sides.append("keyword")
        except KeywordIndexUnavailable:
            pass
    if rule.vector is not None:
        close = published_above(rule.vector, rule.min_cosine, rule.filters, budget_s)
        found |= close.papers
        capped = close.capped
        sides.append("semantic")
    return Matched(found, tuple(sides), capped)


def _by_words(rule: MatchRule) -> dict[int, dt.date | None]:
    if not rule.words.terms:
        return {}
    # The index applies the filters whose rule it shares exactly (categories, dates, link
    # kinds, people); authors take SQL's substring rule, on the papers the words left.
    days = keyword_reader.matching_days(rule.words, Filters(
        categories=rule.filters.categories, after=rule.filters.after,
        before=rule.filters.before, has=rule.filters.has, person=rule.filters.person,
        venue=rule.filters.venue, venue_year=rule.filters.venue_year))  # fmt: skip
    ids = list(days)
    if rule.filters.authors:
        ids = papers_passing(ids, Filters(authors=rule.filters.authors))
    return {pid: _day(days[pid]) for pid in ids}


def named_paper_vector(params: SearchParams) -> np.ndarray | None:
    """The vector of the paper a query names by its arXiv id (None: no such paper here, or
    no vector yet)."""
    paper = paper_by_arxiv_id(params.arxiv_id) if params.arxiv_id else None
    return paper_vector(paper) if paper else None


def _has_phrase(field: Field, phrase: Field) -> bool:
    """Whether the phrase's terms sit at their relative positions somewhere in the field."""
    at = set(field)
    first_offset, first_term = phrase[0]
    starts = [position - first_offset for position, term in field if term == first_term]
    return any(all((start + offset, term) in at for offset, term in phrase) for start in starts)


def _day(number: int | None) -> dt.date | None:
    return None if number is None else EPOCH + dt.timedelta(days=int(number))
