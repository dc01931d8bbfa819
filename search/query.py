"""Parse what a person types into the search box (pure; no database).

    graph neural networks author:"Yoshua Bengio" cat:cs.LG after:2025-01-01 before:2026-01-01

Filters inside the query become structured filters; what is left is the text to search.
A query that is only an arXiv id or an arxiv.org URL asks for that paper.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from papers.sources.record import ARXIV_CATEGORY, InvalidRecord, parse_arxiv_id

MAX_QUERY_CHARS = 500
_FILTER = re.compile(r'\b(author|cat|after|before):("([^"]*)"?|\S+)', re.IGNORECASE)


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


def parse_query(raw: str) -> ParsedQuery:
    if len(raw) > MAX_QUERY_CHARS:
        raise QueryError(f"the query is longer than {MAX_QUERY_CHARS} characters")
    raw = "".join(ch if ch.isprintable() else " " for ch in raw)  # control characters
    parsed = ParsedQuery()
    for match in _FILTER.finditer(raw):
        name = match.group(1).lower()
        value = (match.group(3) if match.group(3) is not None else match.group(2)).strip()
        if not value:
            raise QueryError(f"{name}: needs a value, e.g. {name}:{_EXAMPLES[name]}")
        if name == "author":
            parsed.authors.append(" ".join(value.split()))
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
             "before": "2026-01-01"}  # fmt: skip


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise QueryError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
