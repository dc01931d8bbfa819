"""Which papers are "new" for a saved search.

A paper is new for a saved search when
- it entered the corpus (Paper.created) after a point in time: the user's last visit for
  "N new since you last looked", or the last digest for mail (see digest_content);
  or it entered a little before (LATE_VECTORS) and gained its vector after that point:
  then it is judged by meaning alone, as the keyword side judged it when it arrived;
- the saved search's match rule follows it (search/matching.py: its filters, and its
  words or its meaning by mode; the growth chart counts by the same rule);
- for mail, this saved search has not delivered it before (Delivery).
New papers are ranked by cosine to the query (then newest) and capped at MAX_NEW.

The rule runs here over the new papers themselves (a NewPapers pool: their analysed words
and the vectors that exist, loaded once for every saved search of a digest run), so it
never waits on the keyword index writer, and never on the workers: nothing here computes
a paper's vector, and a saved search's query vector is stored with it (services.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from papers.encoder import model_name
from papers.models import EMBEDDING_DIMENSIONS
from papers.selectors import papers_arrived
from search.following.models import Alert, SavedSearch
from search.following.selectors import alerting_searches, delivered_ids, saved_search_params
from search.fulltext.schema import positioned_terms
from search.matching import Field, MatchRule, named_paper_vector
from search.params import SearchParams
from search.semantic import paper_vectors, query_vector

MAX_NEW = 20  # papers a saved search mails at most at once
MAX_CANDIDATES = 20_000  # newest papers a pool holds
# How long before a point in time a paper may have arrived and still count as new there
# by gaining its vector after it: the workers' backlog after a large import, with room.
# A bound, so a switch of model (every vector made anew) brings back only recent papers.
LATE_VECTORS = dt.timedelta(days=7)


@dataclass(frozen=True)
class NewPaper:
    paper_id: int
    cosine: float | None


class NewPapers:
    """The papers that entered the corpus after `since`: ids, analysed words and vectors,
    loaded once and shared by every saved search asked about them."""

    def __init__(self, since: dt.datetime):
        self.since = since
        rows = papers_arrived(since, LATE_VECTORS, MAX_CANDIDATES)
        self.order = {row.id: i for i, row in enumerate(rows)}  # newest first
        self._created = {row.id: row.created for row in rows}
        self._embedded = {row.id: row.embedded for row in rows if row.embedded is not None}
        self._texts = {row.id: (row.title, row.abstract) for row in rows}
        self._filtered = {row.id: (row.categories, row.authors, row.published, row.link_kinds,
                                   row.venue, row.venue_year) for row in rows}  # fmt: skip
        self._fields: dict[int, tuple[Field, Field, set[str]]] = {}
        self._postings_built: dict[str, set[int]] | None = None
        vectors = paper_vectors(list(self.order))
        self._with_vector = list(vectors)
        self._row = {pid: i for i, pid in enumerate(vectors)}
        self._vectors = (np.stack(list(vectors.values())) if vectors
                         else np.zeros((0, EMBEDDING_DIMENSIONS), dtype=np.float32))  # fmt: skip

    def find(self, saved: SavedSearch, since: dt.datetime | None = None, *,
             undelivered: bool = False, limit: int | None = MAX_NEW) -> list[NewPaper]:  # fmt: skip
        """The papers new for this saved search (after `since`, default the pool's), best
        first, by the rule above."""
        params = saved_search_params(saved)
        since = max(since or self.since, self.since)
        delivered = delivered_ids(saved) if undelivered else set()
        vector = query_vector_of(saved, params)
        rule = MatchRule.of(params, vector, settings.SAVED_SEARCH_MIN_COSINE)
        # Each side finds its few candidates in the whole pool at once (a product,
        # postings), and only those are judged by the rule: a digest run asks thousands
        # of saved searches about a pool of up to MAX_CANDIDATES papers. The cosines rank
        # every match, keyword mode's too, though the rule may not match by them.
        cosines = self._cosines(vector)
        if rule.everything:
            wanted = {pid for pid in self.order if self._created[pid] > since}
        else:
            # By meaning: papers that arrived after `since` or gained their vector after it.
            close = [self._with_vector[i] for i in np.flatnonzero(rule.by_meaning(cosines))]
            semantic = {pid for pid in close
                        if self._created[pid] > since or self._embedded[pid] > since}  # fmt: skip
            keyword = {pid for pid in self._holding(rule.words) if self._created[pid] > since
                       and rule.by_words(*self._analysed(pid))}  # fmt: skip
            wanted = semantic | keyword
        scores = ({pid: float(cosines[self._row[pid]]) for pid in wanted if pid in self._row}
                  if len(cosines) else {})  # fmt: skip
        ids = [pid for pid in wanted if pid not in delivered and rule.passes(*self._filtered[pid])]
        ids.sort(key=lambda pid: (-scores.get(pid, -2.0), self.order[pid]))
        return [NewPaper(pid, scores.get(pid)) for pid in ids[:limit]]

    def _cosines(self, vector: np.ndarray | None) -> np.ndarray:
        """Cosine of the query to every pool paper with a vector (in `_with_vector` order)."""
        if vector is None:
            return np.zeros(0, dtype=np.float32)
        # Stored vectors are unit length, and so is the query's.
        return self._vectors @ vector.astype(np.float32)

    def _holding(self, query) -> set[int]:
        """Pool papers holding every query term (candidates for the keyword side)."""
        if query is None or not query.terms:
            return set()
        postings = self._postings()
        lists = sorted((postings.get(t, set()) for t in query.terms), key=len)
        return set(lists[0]).intersection(*lists[1:])

    def _postings(self) -> dict[str, set[int]]:
        """{term: pool papers holding it}, built at the first keyword question."""
        if self._postings_built is None:
            self._postings_built = {}
            for pid in self.order:
                for term in self._analysed(pid)[2]:
                    self._postings_built.setdefault(term, set()).add(pid)
        return self._postings_built

    def _analysed(self, pid: int) -> tuple[Field, Field, set[str]]:
        if pid not in self._fields:
            title, abstract = (positioned_terms(text) for text in self._texts[pid])
            self._fields[pid] = (title, abstract, {t for _, t in title} | {t for _, t in abstract})
        return self._fields[pid]


def new_papers(saved: SavedSearch, since: dt.datetime,
               limit: int | None = MAX_NEW) -> list[NewPaper]:  # fmt: skip
    """The papers new for this saved search since `since` (a page view)."""
    return NewPapers(since).find(saved, limit=limit)


def digest_content(user: AbstractBaseUser, frequency: str, now: dt.datetime,
                   last_sent: dt.datetime | None, pool: NewPapers | None = None,
                   ) -> dict[int, list[int]]:  # fmt: skip
    """Per saved search of the user that mails at this frequency: the papers to send.
    `pool`: the run's new papers, shared by every user."""
    floor = digest_floor(frequency, now, last_sent)
    pool = pool or NewPapers(floor)
    content = {}
    for saved in alerting_searches(user, frequency):
        found = pool.find(saved, max(saved.created, floor), undelivered=True)
        if found:
            content[saved.id] = [n.paper_id for n in found]
    return content


def digest_floor(frequency: str, now: dt.datetime, last_sent: dt.datetime | None) -> dt.datetime:
    """How far back a digest looks: the last one (less DIGEST_OVERLAP; deliveries keep any
    paper from going out twice), and never more than the period and a bit. A paper that
    arrived before the last digest and gained its vector after it is new by that vector's
    time (NewPapers), so no wider overlap is needed for it."""
    floor = now - dt.timedelta(days=2 if frequency == Alert.DAILY else 8)
    return floor if last_sent is None else max(floor, last_sent - DIGEST_OVERLAP)


# Rows committed just after a digest run read the pool carry times just before it.
DIGEST_OVERLAP = dt.timedelta(hours=1)


def query_vector_of(saved: SavedSearch, params: SearchParams) -> np.ndarray | None:
    """The query's vector (keyword mode too: its matches are ranked by meaning): the one
    stored with the saved search, encoded here only when it predates the active model; a
    named paper's own vector."""
    if params.arxiv_id:
        return named_paper_vector(params)
    if not params.text:
        return None
    if saved.query_vector is not None and saved.query_model == model_name():
        return np.asarray(saved.query_vector, dtype=np.float32)  # a list, as read back
    return query_vector(params.text)[0]
