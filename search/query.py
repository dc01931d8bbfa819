"""Parse what a person types into the search box (pure; no database).

    graph neural networks author:"Yoshua Bengio" cat:cs.LG after:2025-01-01 has:code

Filters inside the query become structured filters; what is left is the text to search.
A query that is only an arXiv id or an arxiv.org URL asks for that paper.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from papers.models import LinkKind
from papers.sources.record import ARXIV_CATEGORY, InvalidRecord, parse_arxiv_id
from papers.venues import parse_venue_filter
from search.fulltext.schema import positioned_terms

# Long enough for a pasted draft abstract: people look for related work that way.
MAX_QUERY_CHARS = 5000
# More words than this is prose (a pasted abstract), not a query: no syntax is read in
# it. Titles, the longest queries people type, run to about 25 words.
PROSE_WORDS = 40
# A word a pasted text repeats is what it is about: each of its terms ranks with weight
# tf ** PROSE_TF_POWER (tf: how often the text uses it). Over every term, on both prose
# dev sets (qbe-dev, qbe-mentions), the highest power that is not below plain BM25
# (bm25s, which counts every repeat) on either: nDCG@10 0.1249 and 0.1433 against bm25s's
# 0.1245 and 0.1394. Since math is indexed in both its forms (issue 36), 0.7 gives 0.1262
# and 0.1404, 0.8 0.1242 and 0.1461, 0.85 0.1227 and 0.1501, 0.9 0.1223 on qbe-dev;
# before it, 1.0 gave 0.1203 and 0.1530, 0.5 0.1321 and 0.1327, each term once 0.1283
# and 0.1024 (docs/guide/search.md, issue 35).
PROSE_TF_POWER = 0.75
_FILTER = re.compile(r'\b(author|cat|after|before|has|venue):("([^"]*)"?|\S+)', re.IGNORECASE)


class QueryError(ValueError):
    """A query that cannot be run; the message says what to fix."""


@dataclass
class ParsedQuery:
    text: str = ""
    arxiv_id: str | None = None
    authors: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    after: dt.date | None = None
    before: dt.date | None = None
    has: list[str] = field(default_factory=list)  # link kinds (has:code)
    venue: tuple[str, int | None] | None = None  # venue:NeurIPS, venue:"ICLR 2025"
    prose: bool = False  # text to find related work for: every word a term, no syntax


def parse_query(raw: str, as_text: bool = False) -> ParsedQuery:
    """The query's filters and text; prose (asked for, or over PROSE_WORDS words) is all
    text: its quotes, dashes and colons are punctuation, not operators."""
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    raw = "".join(ch if ch.isprintable() else " " for ch in raw)  # control characters
    if as_text or len(raw.split()) > PROSE_WORDS:
        return ParsedQuery(text=" ".join(raw.split()), prose=True)
    parsed = ParsedQuery()
    for match in _FILTER.finditer(raw):
        name = match.group(1).lower()
        value = (match.group(3) if match.group(3) is not None else match.group(2)).strip()
        if not value:
            raise QueryError(f"{name}: needs a value, e.g. {name}:{_EXAMPLES[name]}")
        if name == "author":
            parsed.authors.append(" ".join(value.split()))
        elif name == "has":
            if value.lower() not in LinkKind.values:
                raise QueryError(f"has: {value!r} is not one of {', '.join(LinkKind.values)}")
            parsed.has.append(value.lower())
        elif name == "venue":
            try:
                parsed.venue = parse_venue_filter(value)
            except ValueError as error:
                raise QueryError(f"venue: {error}") from None
        elif name == "cat":
            if not ARXIV_CATEGORY.match(value):
                raise QueryError(f"cat: {value!r} is not an arXiv category such as cs.LG")
            parsed.categories.append(value)
        else:
            setattr(parsed, name, _date(name, value))
    if parsed.after and parsed.before and parsed.after > parsed.before:
        raise QueryError("after: must not be later than before:")
    text = " ".join(_FILTER.sub(" ", raw).split())
    try:
        parsed.arxiv_id = parse_arxiv_id(text) if text else None
    except InvalidRecord:
        parsed.text = text
    return parsed


_EXAMPLES = {"author": '"Ada Lovelace"', "cat": "cs.LG", "after": "2025-01-01",
             "before": "2026-01-01", "has": "code", "venue": '"NeurIPS 2024"'}  # fmt: skip


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


_PHRASE = re.compile(r'"([^"]*)"')
_NEGATED = re.compile(r"(?:^|\s)-(\S+)")


@dataclass
class KeywordQuery:
    """The search text as the keyword index reads it, through the index's own analysis."""

    terms: list[str]  # to rank by (BM25), the phrases' terms included
    phrases: list[list[tuple[int, str]]]  # each quoted phrase: (offset, term), must match
    excluded: list[str]  # -word terms: no result may contain them
    # A term's weight where it is not 1 ("more like this" queries weigh a paper's words).
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def marks(self) -> set[str]:
        """Terms a snippet marks."""
        return {*self.terms, *self.excluded}


def parse_keyword_query(text: str, prose: bool = False) -> KeywordQuery:
    """Web-search syntax: "quoted phrases" must appear as phrases, -word must not, and the
    other words rank by BM25. Any text is a valid query (syntax the index's own query
    language would reject is only words here); a query of stop words alone has no terms.
    Prose has no syntax: every word ranks, weighted by how often the text uses it."""
    if prose:
        counts = Counter(term for _, term in positioned_terms(text))
        weights = {term: tf**PROSE_TF_POWER for term, tf in counts.items() if tf > 1}
        return KeywordQuery(list(counts), [], [], weights)
    phrases = [
        [(position - terms[0][0], term) for position, term in terms]
        for terms in (positioned_terms(p) for p in _PHRASE.findall(text))
        if terms
    ]
    rest = _PHRASE.sub(" ", text).replace('"', " ")  # an unbalanced quote is no phrase
    excluded = [term for word in _NEGATED.findall(rest) for _, term in positioned_terms(word)]
    rest = _NEGATED.sub(" ", rest)
    terms = [term for _, term in positioned_terms(rest)]
    terms += [term for phrase in phrases for _, term in phrase]
    return KeywordQuery(list(dict.fromkeys(terms)), phrases, list(dict.fromkeys(excluded)))
