"""A papers-listing page saved as text: a title line, a blank line, an abstract paragraph.

The page's own chrome (header lines, "Subscribe", day headings such as "Mar 11") comes
before the first paper or stands alone; it is not a paper. Papers on such a page carry no
id, so each gets a stable id derived from its title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import BinaryIO

from papers.models import Source
from papers.sources.record import InvalidRecord, Notice, PaperRecord, Rejected, build_record

FORMAT = "listing"
# A title is one line of modest length; an abstract is a paragraph of real prose.
MAX_TITLE_CHARS = 300
MIN_ABSTRACT_CHARS = 150
_DAY_HEADING = re.compile(
    r"^(?:(?:mon|tue|wed|thu|fri|sat|sun)\w*,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*\.?\s+\d{1,2}(?:,?\s+\d{4})?$",
    re.IGNORECASE,
)


def read(stream: BinaryIO) -> Iterator[PaperRecord | Rejected | Notice]:
    text = stream.read().decode("utf-8", errors="replace")
    blocks = list(_blocks(text))
    seen_paper = False
    index = 0
    while index < len(blocks):
        line_number, block = blocks[index]
        following = blocks[index + 1][1] if index + 1 < len(blocks) else None
        if _is_title(block) and following is not None and _is_abstract(following):
            seen_paper = True
            try:
                yield build_record(
                    position=f"line {line_number}",
                    source=Source.LISTING,
                    title=block,
                    abstract=following,
                )
            except InvalidRecord as error:
                yield Rejected(f"line {line_number}", str(error))
            index += 2
            continue
        if _is_abstract(block):
            yield Rejected(f"line {line_number}", "a paragraph with no title line before it")
        elif seen_paper and not _DAY_HEADING.match(block):
            yield Rejected(f"line {line_number}", f"title {block[:80]!r} has no abstract after it")
        index += 1


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each run of non-blank lines."""
    start, lines = 0, []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            if not lines:
                start = number
            lines.append(line.strip())
        elif lines:
            yield start, " ".join(lines)
            lines = []
    if lines:
        yield start, " ".join(lines)


def _is_title(block: str) -> bool:
    return len(block) <= MAX_TITLE_CHARS and not _DAY_HEADING.match(block)


def _is_abstract(block: str) -> bool:
    return len(block) >= MIN_ABSTRACT_CHARS
