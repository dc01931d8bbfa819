"""Recommendations from a library ("For you"): recent papers like the ones saved.

Method, chosen by measurement on the author-continuation dev set (bench/recs_dev.py,
`manage.py evaluate_recommendations`; docs/guide/following.md has the table):
- candidates: for each library paper, its nearest recent papers by meaning (HNSW) and
  by words (BM25 "more like this", search/more_like_this.py: its most distinctive words
  weighted by tf-idf), published on or after `since`;
- meaning: a soft maximum (log-sum-exp, temperature TAU) of the candidate's cosines to the
  library papers: near one saved paper counts most, near several counts more;
- words: the same soft maximum over each library paper's BM25, scaled by its best;
- the two z-scored over the candidates and added with equal weight (LEXICAL_WEIGHT):
  on the dev set half weight for words scored 0.0802 nDCG@20, equal weight 0.0843 (the
  keyword index of the time; equal weight scores 0.0905 today, docs/guide/following.md).
"More like this" adds a paper to the library; "not relevant" removes it from the
results and lowers papers close to it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from papers.filters import Filters
from papers.models import Paper
from papers.selectors import papers_by_id
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.fulltext.schema import positioned_terms
from search.more_like_this import distinctive_words, words_query
from search.semantic import nearest, paper_vectors

TAU = 0.05
LEXICAL_WEIGHT = 1.0
NEIGHBOURS = 100  # candidates per library paper and side
MAX_LIBRARY = 40  # most recent library papers used (each costs ~50 ms)
DISMISSED_WEIGHT = 1.0


@dataclass
class Recommendation:
    paper_id: int
    score: float
    because: list[int] = field(default_factory=list)  # the closest library papers
    terms: list[str] = field(default_factory=list)  # words it shares with them
    # With `explain`: the papers themselves, loaded once for the explanation.
    paper: Paper | None = None
    because_papers: list[Paper] = field(default_factory=list)


def recommend(library: Sequence[int], since: dt.date, k: int = 20, *,
              dismissed: Sequence[int] = (), exclude: Sequence[int] = (),
              explain: bool = True) -> list[Recommendation]:  # fmt: skip
    """The k best papers published on or after `since` for this library (paper ids, most
    recent first), never one of the library, dismissed or excluded; `explain`: name why."""
    library = list(dict.fromkeys(library))[:MAX_LIBRARY]
    vectors = paper_vectors(library)
    library = [pid for pid in library if pid in vectors]
    if not library:
        return []
    banned = {*library, *dismissed, *exclude}
    filters = Filters(after=since)
    words = distinctive_words(library)
    candidates: set[int] = set()
    for pid in library:
        candidates.update(c for c, _ in nearest(vectors[pid], NEIGHBOURS, filters, list(banned)))
    lexical_queries = {pid: words_query(w) for pid, w in words.items() if w}
    try:
        for query in lexical_queries.values():
            found = keyword_reader.search(query, filters, NEIGHBOURS, list(banned))
            candidates.update(pid for pid, _ in found)
    except KeywordIndexUnavailable:
        lexical_queries = {}  # meaning alone while the index is built
    candidates -= banned
    if not candidates:
        return []
    ids = sorted(candidates)
    candidate_vectors = paper_vectors(ids)
    ids = [pid for pid in ids if pid in candidate_vectors]
    matrix = np.stack([candidate_vectors[pid] for pid in ids])
    cosines = matrix @ np.stack([vectors[pid] for pid in library]).T  # candidates x library
    score = _z(_soft_max(cosines))
    if lexical_queries:
        lexical = np.zeros((len(ids), len(library)))
        for j, pid in enumerate(library):
            if pid in lexical_queries:
                found = keyword_reader.scores(lexical_queries[pid], ids)
                best = max(found.values(), default=0.0)
                if best > 0:
                    lexical[:, j] = [found.get(c, 0.0) / best for c in ids]
        score = score + LEXICAL_WEIGHT * _z(_soft_max(lexical))
    dismissed_vectors = paper_vectors(list(dismissed))
    if dismissed_vectors:
        near_dismissed = (matrix @ np.stack(list(dismissed_vectors.values())).T).max(axis=1)
        score = score - DISMISSED_WEIGHT * _z(near_dismissed)
    order = np.argsort(-score, kind="stable")[:k]
    if not explain:
        return [Recommendation(ids[i], float(score[i])) for i in order]
    papers = papers_by_id([ids[i] for i in order] + library)  # one query for all
    return [_explained(papers, ids[i], float(score[i]), cosines[i], library, words)
            for i in order]  # fmt: skip


def _explained(papers: dict[int, Paper], pid: int, score: float, cosines: np.ndarray,
               library: list[int], words: dict[int, dict[str, float]],
               ) -> Recommendation:  # fmt: skip
    closest = [library[j] for j in np.argsort(-cosines)[:2]]
    if len(closest) == 2 and cosines[library.index(closest[1])] < cosines.max() - 0.1:
        closest = closest[:1]  # the second is only worth naming when it is about as close
    paper = papers[pid]
    own = {t for _, t in positioned_terms(f"{paper.title} {paper.abstract}")}
    shared = Counter()
    for lib in closest:
        for term, weight in words.get(lib, {}).items():
            if term in own:
                shared[term] += weight
    return Recommendation(pid, score, closest, [t for t, _ in shared.most_common(3)],
                          paper, [papers[lib] for lib in closest])  # fmt: skip


def _soft_max(similarities: np.ndarray) -> np.ndarray:
    """Per row, TAU * log(sum(exp((s - 1) / TAU))): near the maximum, and more for several."""
    return TAU * np.log(np.exp((similarities - 1.0) / TAU).sum(axis=1))


def _z(values: np.ndarray) -> np.ndarray:
    return (values - values.mean()) / (values.std() + 1e-9)
