"""arXiv metadata as JSON lines, in two layouts, told apart line by line:

- Paperscope's shared layout: `id, title, abstract, authors` (list), `categories` (list),
  `published` (YYYY-MM-DD), `url`, and optionally `updated`, `comments`;
- arXiv's bulk metadata snapshot (the Kaggle file): `authors` as one string plus
  `authors_parsed` ([last, first, suffix] triples), space-separated `categories`,
  `versions` ([{version, created}]) and `update_date`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from papers.models import Source
from papers.sources.record import (
    InvalidRecord,
    Notice,
    PaperRecord,
    Rejected,
    build_record,
    split_authors,
)

FORMAT = "arxiv-jsonl"
# A line longer than this is rejected unread, so one absurd line cannot exhaust memory.
MAX_LINE_BYTES = 1 << 20


def read(stream: BinaryIO) -> Iterator[PaperRecord | Rejected | Notice]:
    number = 0
    while True:
        try:
            line = stream.readline(MAX_LINE_BYTES + 1)
        except (EOFError, OSError) as error:  # truncated or corrupt gzip
            yield Rejected(f"after line {number}", f"file is truncated or corrupt ({error})")
            return
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            yield Rejected(f"line {number}", f"longer than {MAX_LINE_BYTES} bytes")
            if not _skip_rest_of_line(stream):
                return
            continue
        if not line.strip():
            continue
        yield parse_line(line, f"line {number}")


def parse_line(line: bytes, position: str) -> PaperRecord | Rejected:
    try:
        # Decode ourselves: json.loads(bytes) guesses UTF-16 from a stray BOM-like prefix.
        data = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Rejected(position, "not valid UTF-8")
    except ValueError as error:
        return Rejected(position, f"broken JSON ({error})")
    if not isinstance(data, dict):
        return Rejected(position, f"expected a JSON object, got {type(data).__name__}")
    try:
        if "authors_parsed" in data or "versions" in data or isinstance(data.get("authors"), str):
            return _snapshot_record(data, position)
        return build_record(
            position=position,
            source=Source.ARXIV_JSONL,
            arxiv_id=data.get("id") or data.get("url"),
            title=data.get("title"),
            abstract=data.get("abstract"),
            comments=data.get("comments"),
            journal_ref=data.get("journal_ref") or data.get("journal-ref"),
            authors=data.get("authors"),
            categories=data.get("categories"),
            published=data.get("published"),
            updated=data.get("updated"),
        )
    except InvalidRecord as error:
        return Rejected(position, str(error))


def _snapshot_record(data: dict[str, Any], position: str) -> PaperRecord:
    versions = data.get("versions") or []
    if not isinstance(versions, list) or not all(isinstance(v, dict) for v in versions):
        raise InvalidRecord("versions: expected a list of objects")
    first_version = versions[0].get("created") if versions else None
    return build_record(
        position=position,
        source=Source.ARXIV_SNAPSHOT,
        arxiv_id=data.get("id"),
        title=data.get("title"),
        abstract=data.get("abstract"),
        comments=data.get("comments"),
        journal_ref=data.get("journal-ref"),
        authors=_snapshot_authors(data),
        categories=data.get("categories"),
        published=first_version,
        updated=data.get("update_date"),
    )


def _snapshot_authors(data: dict[str, Any]) -> list[str]:
    parsed = data.get("authors_parsed")
    if isinstance(parsed, list) and all(isinstance(p, list) for p in parsed):
        # [last, first, suffix] -> "first last suffix"; the parsed form has accents decoded.
        names = []
        for parts in parsed:
            last, first, suffix = ([*map(str, parts), "", "", ""])[:3]
            names.append(" ".join(p for p in (first, last, suffix) if p.strip()))
        return names
    authors = data.get("authors")
    if authors is None:
        return []
    if not isinstance(authors, str):
        raise InvalidRecord(f"authors: expected text, got {type(authors).__name__}")
    return split_authors(authors)


def _skip_rest_of_line(stream: BinaryIO) -> bool:
    """Read past the rest of an over-long line; False at end of file."""
    while True:
        try:
            chunk = stream.readline(MAX_LINE_BYTES)
        except (EOFError, OSError):
            return False
        if not chunk:
            return False
        if chunk.endswith(b"\n"):
            return True
