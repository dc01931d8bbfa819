"""What every importer yields: validated paper records, rejections and notices.

Sources parse their format and hand the raw fields to `build_record`, which is the one
place that cleans and validates them, so every format follows the same rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

# New-style (0704.0001, 2401.12345) and old-style (cs/9311102, math.GT/0309136) arXiv ids,
# optionally with a version suffix that we drop: a paper is one row whatever its version.
_ARXIV_ID = re.compile(
    r"^(?P<id>\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE
)
# Subject classes (cs.LG, hep-ph, cond-mat.str-el); sources sometimes mix MSC or ACM codes
# ('68T45 (Primary)', 'I.2.6') into the list, which are not arXiv categories.
ARXIV_CATEGORY = re.compile(r"^[a-z][a-z\-]*(?:\.[A-Za-z][A-Za-z\-]*)?$")
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf)/(?P<id>[^?#\s]+?)(?:\.pdf)?/?$", re.IGNORECASE)
# arXiv opened in 1991; anything before is a broken date, not an old paper.
EARLIEST_DATE = dt.date(1991, 1, 1)
MAX_TITLE_CHARS = 1000
MAX_ABSTRACT_CHARS = 20000
MAX_COMMENTS_CHARS = 5000
MAX_SOURCE_LINKS = 10
# Raise it when an import derives more, or otherwise, from a record (papers.links,
# papers.venues, papers.names): re-importing a file then writes every paper once more.
DIGEST_VERSION = 1


class InvalidRecord(ValueError):
    """A record that cannot be imported; the message says why."""


@dataclass(slots=True)
class PaperRecord:
    arxiv_id: str
    title: str
    abstract: str
    authors: list[str]
    categories: list[str]
    published: dt.date | None
    updated: dt.date | None
    abs_url: str
    pdf_url: str
    source: str
    upvotes: int | None
    position: str  # "line 12" / "entry 3": where it came from, for messages
    comments: str = ""  # arXiv's comments field ("12 pages; code at github.com/…")
    journal_ref: str = ""  # arXiv's journal-ref ("Advances in NeurIPS 33 (2020)")
    source_links: list[str] = field(default_factory=list)  # links the source gives apart

    def digest(self) -> bytes:
        """What the record says, as 16 bytes: a paper stored from a record with the same
        digest needs nothing written when it is imported again. `position` is left out:
        the same record on another line is the same record."""
        texts = (str(DIGEST_VERSION), self.arxiv_id, self.title, self.abstract,
                 *self.authors, "", *self.categories, "", str(self.published),
                 str(self.updated), self.abs_url, self.pdf_url, self.source, str(self.upvotes),
                 self.comments, self.journal_ref, *self.source_links)  # fmt: skip
        # Each text after its length, so that no two records join into the same bytes
        # (as repr() of the fields would, at a third more cost).
        joined = "".join(f"{len(text)}:{text}" for text in texts)
        return hashlib.blake2b(joined.encode(), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class Rejected:
    position: str
    reason: str

    def __str__(self) -> str:
        return f"{self.position}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Notice:
    """Something worth telling the user that is not a bad record (a resumption token, say)."""

    message: str


def clean_text(value: Any, field: str) -> str:
    """Collapse whitespace (arXiv wraps lines) and check the type."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidRecord(f"{field}: expected text, got {type(value).__name__}")
    return " ".join(value.split())


def clean_list(values: Any, field: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = values.split()
    if not isinstance(values, list):
        raise InvalidRecord(f"{field}: expected a list, got {type(values).__name__}")
    if not all(isinstance(value, str) for value in values):
        raise InvalidRecord(f"{field}: expected a list of text")
    # Inline rather than clean_text per item: author lists make this the import's hot loop.
    cleaned = [" ".join(value.split()) for value in values]
    return list(dict.fromkeys(filter(None, cleaned)))  # drop blanks and repeats


def split_authors(authors: str) -> list[str]:
    """'A. One, B. Two and C. Three' -> names. Affiliations in parentheses are dropped."""
    authors = re.sub(r"\([^()]*\)", " ", authors)
    parts = re.split(r",|\band\b", authors)
    return [name for name in (" ".join(part.split()) for part in parts) if name]


def parse_arxiv_id(value: Any) -> str:
    """A bare arXiv id (version dropped) from an id or an arxiv.org abs/pdf URL."""
    text = clean_text(value, "id")
    match = _ARXIV_URL.search(text)
    if match:
        text = match.group("id")
    match = _ARXIV_ID.match(text)
    if not match:
        raise InvalidRecord(f"id: {text!r} is not an arXiv id")
    return match.group("id")


def title_id(title: str) -> str:
    """A stable id for sources without one: a hash of the case-folded, collapsed title."""
    digest = hashlib.sha256(" ".join(title.casefold().split()).encode()).hexdigest()
    return f"title:{digest[:20]}"


def parse_date(value: Any, field: str) -> dt.date | None:
    """ISO dates and datetimes ('2024-05-28', '2024-05-28T17:47:19.000Z') and RFC 2822
    ('Mon, 2 Apr 2007 19:18:42 GMT'). Impossible or out-of-range dates are rejected."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidRecord(f"{field}: expected a date string, got {type(value).__name__}")
    text = value.strip()
    try:
        if text[:4].isdigit():
            date = dt.date.fromisoformat(text[:10])
        else:
            date = parsedate_to_datetime(text).date()
    except (ValueError, TypeError, IndexError):
        raise InvalidRecord(f"{field}: {text!r} is not a valid date") from None
    latest = dt.date.today() + dt.timedelta(days=2)  # time zones: tomorrow somewhere
    if not EARLIEST_DATE <= date <= latest:
        raise InvalidRecord(f"{field}: {date.isoformat()} is outside {EARLIEST_DATE}..today")
    return date


def arxiv_categories(values: list[str]) -> list[str]:
    """The arXiv subject classes of a list (MSC or ACM codes left out), at most 20."""
    return [value for value in values if len(value) <= 32 and ARXIV_CATEGORY.match(value)][:20]


def build_record(
    *,
    position: str,
    source: str,
    title: Any,
    abstract: Any,
    arxiv_id: Any = None,
    authors: Any = None,
    categories: Any = None,
    published: Any = None,
    updated: Any = None,
    upvotes: Any = None,
    comments: Any = None,
    source_links: Any = None,
    journal_ref: Any = None,
) -> PaperRecord:
    """Clean and validate one record; raises InvalidRecord naming the first problem."""
    title = clean_text(title, "title")
    abstract = clean_text(abstract, "abstract")
    if not title:
        raise InvalidRecord("no title")
    if not abstract:
        raise InvalidRecord("no abstract")
    if len(title) > MAX_TITLE_CHARS:
        raise InvalidRecord(f"title: {len(title)} characters, more than {MAX_TITLE_CHARS}")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        raise InvalidRecord(f"abstract: {len(abstract)} characters, more than {MAX_ABSTRACT_CHARS}")
    comments = clean_text(comments, "comments")
    if len(comments) > MAX_COMMENTS_CHARS:
        raise InvalidRecord(f"comments: {len(comments)} characters, more than {MAX_COMMENTS_CHARS}")
    journal_ref = clean_text(journal_ref, "journal_ref")
    if len(journal_ref) > MAX_COMMENTS_CHARS:
        raise InvalidRecord(f"journal_ref: {len(journal_ref)} characters, more than "
                            f"{MAX_COMMENTS_CHARS}")  # fmt: skip
    if "\x00" in title or "\x00" in abstract or "\x00" in comments or "\x00" in journal_ref:
        raise InvalidRecord("text contains a NUL character")
    if upvotes is not None and (not isinstance(upvotes, int) or isinstance(upvotes, bool)):
        raise InvalidRecord(f"upvotes: expected a whole number, got {type(upvotes).__name__}")

    if arxiv_id in (None, ""):
        paper_id, abs_url, pdf_url = title_id(title), "", ""
    else:
        paper_id = parse_arxiv_id(arxiv_id)
        abs_url = f"https://arxiv.org/abs/{paper_id}"
        pdf_url = f"https://arxiv.org/pdf/{paper_id}"
    published_date = parse_date(published, "published")
    updated_date = parse_date(updated, "updated")
    if published_date and updated_date and updated_date < published_date:
        updated_date = published_date  # some feeds stamp 'updated' before the first version
    return PaperRecord(
        arxiv_id=paper_id,
        title=title,
        abstract=abstract,
        authors=clean_list(authors, "authors"),
        categories=arxiv_categories(clean_list(categories, "categories")),
        published=published_date,
        updated=updated_date,
        abs_url=abs_url,
        pdf_url=pdf_url,
        source=source,
        upvotes=upvotes,
        position=position,
        comments=comments,
        journal_ref=journal_ref,
        source_links=clean_list(source_links, "source_links")[:MAX_SOURCE_LINKS],
    )
