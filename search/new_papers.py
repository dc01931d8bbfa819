"""Which papers are "new" for a saved search.

A paper is new for a saved search when
- it entered the corpus (Paper.created) after a point in time: the user's last visit for
  "N new since you last looked", or the last digest for mail (see digest_content);
- it passes the saved search's filters;
- it matches the query: in keyword mode it holds every query word (phrases as phrases,
  no excluded word) in its title or abstract, analysed as the keyword index analyses
  them; in semantic mode its cosine to the query is at least SAVED_SEARCH_MIN_COSINE
  (calibrated by bench/alert_threshold.py); in hybrid mode either. A saved search of
  filters alone takes every paper that passes them;
- for mail, this saved search has not delivered it before (Delivery).
New papers are ranked by cosine to the query (then newest) and capped at MAX_NEW.

The match is computed here, over the new papers themselves (a NewPapers pool: their
analysed words and vectors, loaded once for every saved search of a digest run), so it
never waits on the keyword index writer; papers no worker has embedded yet are embedded
before a digest is built.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from papers.embeddings import embed_papers_now
from papers.models import EMBEDDING_DIMENSIONS, Paper
from search.fulltext.schema import positioned_terms
from search.models import Alert, Delivery, SavedSearch
from search.params import SearchParams
from search.query import KeywordQuery, parse_keyword_query
from search.saved import saved_search_params
from search.semantic import paper_vector, paper_vectors, query_vector

MAX_NEW = 20  # papers a saved search mails at most at once
MAX_CANDIDATES = 20_000  # newest papers a pool holds


@dataclass(frozen=True)
class NewPaper:
    paper_id: int
    cosine: float | None


Field = list[tuple[int, str]]  # (position, term) of a text, as the keyword index reads it


class NewPapers:
    """The papers that entered the corpus after `since`: ids, analysed words and vectors,
    loaded once and shared by every saved search asked about them."""

    def __init__(self, since: dt.datetime):
        self.since = since
        rows = list(Paper.objects.filter(created__gt=since).order_by("-created", "-id")
                    .values_list("id", "created", "title", "abstract", "categories", "authors",
                                 "published")[:MAX_CANDIDATES])  # fmt: skip
        self.order = {row[0]: i for i, row in enumerate(rows)}  # newest first
        self._created = {row[0]: row[1] for row in rows}
        self._texts = {row[0]: (row[2], row[3]) for row in rows}
        self._filtered = {row[0]: row[4:] for row in rows}  # categories, authors, published
        self._fields: dict[int, tuple[Field, Field, set[str]]] = {}
        vectors = paper_vectors(list(self.order))
        self._row = {pid: i for i, pid in enumerate(vectors)}
        self._vectors = (np.stack(list(vectors.values())) if vectors
                         else np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32))  # fmt: skip

    def find(self, saved: SavedSearch, since: dt.datetime | None = None, *,
             undelivered: bool = False, limit: int | None = MAX_NEW) -> list[NewPaper]:  # fmt: skip
        """The papers new for this saved search (after `since`, default the pool's), best
        first, by the rule above."""
        params = saved_search_params(saved)
        since = max(since or self.since, self.since)
        delivered = set()
        if undelivered:
            delivered = set(Delivery.objects.filter(saved_search=saved)
                            .values_list("paper_id", flat=True))  # fmt: skip
        # In memory, with no query a saved search: a digest run asks thousands of them.
        matches = params.filters.matches
        ids = [pid for pid in self.order if self._created[pid] > since
               and pid not in delivered and matches(*self._filtered[pid])]  # fmt: skip
        scores = self._cosines(_vector(params), ids)
        if params.text or params.arxiv_id:
            semantic = {p for p in ids if scores.get(p, -1) >= settings.SAVED_SEARCH_MIN_COSINE}
            keyword = (set() if params.mode == "semantic" or params.prose or params.arxiv_id
                       else self._matching(parse_keyword_query(params.text), ids))  # fmt: skip
            wanted = {"semantic": semantic, "keyword": keyword}.get(params.mode, semantic | keyword)
            ids = [pid for pid in ids if pid in wanted]
        ids.sort(key=lambda pid: (-scores.get(pid, -2.0), self.order[pid]))
        return [NewPaper(pid, scores.get(pid)) for pid in ids[:limit]]

    def _cosines(self, vector: np.ndarray | None, ids: list[int]) -> dict[int, float]:
        if vector is None:
            return {}
        rows = [(pid, self._row[pid]) for pid in ids if pid in self._row]
        if not rows:
            return {}
        # Stored vectors are unit length, and so is the query's.
        found = self._vectors[[r for _, r in rows]] @ vector.astype(np.float32)
        return {pid: float(c) for (pid, _), c in zip(rows, found, strict=True)}

    def _matching(self, query: KeywordQuery, ids: list[int]) -> set[int]:
        if not query.terms:
            return set()
        matched = set()
        for pid in ids:
            title, abstract, words = self._analysed(pid)
            if not words.issuperset(query.terms) or words.intersection(query.excluded):
                continue
            if all(_has_phrase(title, p) or _has_phrase(abstract, p) for p in query.phrases):
                matched.add(pid)
        return matched

    def _analysed(self, pid: int) -> tuple[Field, Field, set[str]]:
        if pid not in self._fields:
            title, abstract = (positioned_terms(text) for text in self._texts[pid])
            self._fields[pid] = (title, abstract, {t for _, t in title} | {t for _, t in abstract})
        return self._fields[pid]


def new_papers(saved: SavedSearch, since: dt.datetime,
               limit: int | None = MAX_NEW) -> list[NewPaper]:  # fmt: skip
    """The papers new for this saved search since `since` (a page view)."""
    return NewPapers(since).find(saved, limit=limit)


def new_counts(searches: list[SavedSearch]) -> dict[int, int]:
    """For each saved search, how many papers are new since the user last looked at it
    (one pool for them all: a library lists up to 50)."""
    if not searches:
        return {}
    pool = NewPapers(min(s.seen_at for s in searches))
    return {s.id: len(pool.find(s, s.seen_at, limit=None)) for s in searches}


def digest_content(user: AbstractBaseUser, frequency: str, now: dt.datetime,
                   last_sent: dt.datetime | None, pool: NewPapers | None = None,
                   ) -> dict[int, list[int]]:  # fmt: skip
    """Per saved search of the user that mails at this frequency: the papers to send.
    `pool`: the run's new papers (digest_pool), shared by every user."""
    floor = digest_floor(frequency, now, last_sent)
    pool = pool or digest_pool(floor)
    content = {}
    for saved in SavedSearch.objects.filter(user=user, alert=frequency):
        found = pool.find(saved, max(saved.created, floor), undelivered=True)
        if found:
            content[saved.id] = [n.paper_id for n in found]
    return content


def digest_floor(frequency: str, now: dt.datetime, last_sent: dt.datetime | None) -> dt.datetime:
    """How far back a digest looks: the last one (less a day, so papers that arrived
    before it but were embedded after it get a second look; deliveries keep any paper
    from going out twice), and never more than the period and a bit."""
    floor = now - dt.timedelta(days=2 if frequency == Alert.DAILY else 8)
    return floor if last_sent is None else max(floor, last_sent - dt.timedelta(days=1))


def digest_pool(since: dt.datetime) -> NewPapers:
    """The new papers a digest run looks at, every one embedded first, so a lagging
    worker never makes a digest miss a paper."""
    embed_papers_now(Paper.objects.filter(created__gt=since).values_list("id", flat=True))
    return NewPapers(since)


def _vector(params: SearchParams) -> np.ndarray | None:
    """The query's vector (keyword mode too: its matches are ranked by meaning)."""
    if params.arxiv_id:
        paper = Paper.objects.filter(arxiv_id=params.arxiv_id).first()
        return paper_vector(paper) if paper else None
    return query_vector(params.text)[0] if params.text else None


def _has_phrase(field: Field, phrase: Field) -> bool:
    """Whether the phrase's terms sit at their relative positions somewhere in the field."""
    at = set(field)
    first_offset, first_term = phrase[0]
    starts = [position - first_offset for position, term in field if term == first_term]
    return any(all((start + offset, term) in at for offset, term in phrase) for start in starts)
