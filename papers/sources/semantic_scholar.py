"""Semantic Scholar's paper batch answers (`POST /graph/v1/paper/batch`), read into
citation records: a paper's counts and the works it cites.

The answer is a JSON list in the order of the ids asked, `null` for an id Semantic
Scholar does not know. An answer that is not such a list (cut off, an error page, the
wrong length) is BrokenAnswer: the harvest asks again, and never stores part of it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from papers.sources.record import InvalidRecord, parse_arxiv_id

# The fields asked for: the counts, where the paper appeared, and each reference's ids,
# title and year.
FIELDS = ("externalIds,citationCount,referenceCount,influentialCitationCount,"
          "venue,publicationVenue,journal,publicationTypes,year,authors.authorId,authors.name,"
          "references.externalIds,references.title,references.year")  # fmt: skip
# Of an answer, what is kept of where the paper appeared (papers.venues reads it).
VENUE_FIELDS = ("venue", "publicationVenue", "journal", "publicationTypes", "year")
# arXiv's own DOIs (10.48550/arXiv.2401.00001) name an arXiv paper.
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(?P<id>.+)$", re.IGNORECASE)
MAX_TITLE_CHARS = 1000


class BrokenAnswer(ValueError):
    """The answer is not the list asked for; the message says how."""


@dataclass(slots=True)
class CitedWork:
    work: str  # its identity: arxiv:…, doi:…, s2:… or title:… (one edge per citing paper)
    arxiv_id: str = ""
    doi: str = ""
    title: str = ""
    year: int | None = None


@dataclass(slots=True)
class CitationRecord:
    citation_count: int
    reference_count: int
    influential_citation_count: int
    references: list[CitedWork] = field(default_factory=list)
    venue: dict[str, Any] = field(default_factory=dict)  # VENUE_FIELDS given
    author_ids: list[str] = field(default_factory=list)  # Semantic Scholar's, in order


def request_ids(arxiv_ids: list[str]) -> list[str]:
    return [f"ARXIV:{arxiv_id}" for arxiv_id in arxiv_ids]


def read_batch(body: bytes, asked: int) -> list[CitationRecord | None]:
    """The records of an answer to `asked` ids, in their order (None: unknown id)."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BrokenAnswer(f"not JSON ({error})") from None
    if not isinstance(data, list):
        raise BrokenAnswer(f"expected a list, got {type(data).__name__}")
    if len(data) != asked:
        raise BrokenAnswer(f"{len(data)} entries for {asked} ids")
    records = []
    for n, entry in enumerate(data):
        if entry is None:
            records.append(None)
        elif isinstance(entry, dict):
            records.append(_record(entry))
        else:
            raise BrokenAnswer(f"entry {n} is a {type(entry).__name__}")
    return records


def _record(entry: dict[str, Any]) -> CitationRecord:
    references, seen = [], set()
    for item in entry.get("references") or ():
        work = cited_work(item) if isinstance(item, dict) else None
        if work and work.work not in seen:  # a list that repeats a work: one edge
            seen.add(work.work)
            references.append(work)
    return CitationRecord(
        citation_count=_count(entry.get("citationCount")),
        reference_count=_count(entry.get("referenceCount")),
        influential_citation_count=_count(entry.get("influentialCitationCount")),
        references=references,
        venue={k: entry[k] for k in VENUE_FIELDS if entry.get(k) not in (None, "", [], {})},
        author_ids=[str(a.get("authorId") or "") if isinstance(a, dict) else ""
                    for a in entry.get("authors") or ()][:1000],
    )


def cited_work(item: dict[str, Any]) -> CitedWork | None:
    """A reference as stored; None for one that names nothing (no id, no title)."""
    ids = item.get("externalIds") if isinstance(item.get("externalIds"), dict) else {}
    title = " ".join(str(item.get("title") or "").split())[:MAX_TITLE_CHARS]
    doi = str(ids.get("DOI") or "").strip().lower()[:200]
    arxiv_id = _arxiv_id(ids.get("ArXiv")) or _arxiv_id_of_doi(doi)
    year = item.get("year")
    year = year if isinstance(year, int) and 1000 <= year <= 3000 else None
    paper_id = str(item.get("paperId") or "").strip()
    if arxiv_id:
        work = f"arxiv:{arxiv_id}"
    elif doi:
        work = f"doi:{doi}"
    elif paper_id:
        work = f"s2:{paper_id}"
    elif title:
        work = "title:" + " ".join(title.casefold().split())[:290]
    else:
        return None
    return CitedWork(work=work[:300], arxiv_id=arxiv_id, doi=doi, title=title, year=year)


def _arxiv_id(value: Any) -> str:
    if not value:
        return ""
    try:
        return parse_arxiv_id(str(value))
    except InvalidRecord:
        return ""


def _arxiv_id_of_doi(doi: str) -> str:
    match = _ARXIV_DOI.match(doi)
    return _arxiv_id(match.group("id")) if match else ""


def _count(value: Any) -> int:
    return value if isinstance(value, int) and value >= 0 else 0
