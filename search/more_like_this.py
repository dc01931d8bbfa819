"""A paper as a keyword query ("more like this"): its most distinctive words by tf-idf,
idf from the keyword index, each weighted by its share of the best. For-you finds
candidates by words with it, and similar papers come from it while a paper has no vector
yet."""

from __future__ import annotations

import math
from collections import Counter

from papers.selectors import paper_texts
from search.fulltext.reader import KeywordIndexUnavailable, keyword_reader
from search.fulltext.schema import positioned_terms
from search.query import KeywordQuery

TOP_TERMS = 60


def distinctive_words(paper_ids: list[int]) -> dict[int, dict[str, float]]:
    """Each paper's TOP_TERMS words by tf-idf, as weights in (0, 1]; {} without an index."""
    rows = paper_texts(paper_ids)
    counts = {pid: Counter(t for _, t in positioned_terms(f"{title} {abstract}"))
              for pid, title, abstract in rows}  # fmt: skip
    try:
        total, frequency = keyword_reader.document_frequencies(
            {t for c in counts.values() for t in c}
        )
    except KeywordIndexUnavailable:
        return {}
    out = {}
    for pid, terms in counts.items():
        weighted = {t: (1 + math.log(n)) * math.log(1 + (total - frequency[t] + 0.5)
                                                     / (frequency[t] + 0.5))
                    for t, n in terms.items() if frequency.get(t)}  # fmt: skip
        top = sorted(weighted.items(), key=lambda kv: -kv[1])[:TOP_TERMS]
        best = top[0][1] if top else 1.0
        out[pid] = {t: w / best for t, w in top}
    return out


def words_query(weights: dict[str, float]) -> KeywordQuery:
    """The keyword query of a paper's distinctive words (see `distinctive_words`)."""
    return KeywordQuery(list(weights), [], [], weights)
