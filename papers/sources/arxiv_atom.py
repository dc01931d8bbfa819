"""arXiv API Atom feeds (what export.arxiv.org/api/query returns), 2016 and 2026 shapes.

An error feed (one entry whose id points at arxiv.org/api/errors) is reported as an error,
never imported as a paper.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element

from papers.models import Source
from papers.sources.record import InvalidRecord, Notice, PaperRecord, Rejected, build_record
from papers.sources.xml_stream import BrokenXml, iter_elements, text_of

FORMAT = "arxiv-atom"
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}


def read(stream: BinaryIO) -> Iterator[PaperRecord | Rejected | Notice]:
    number = 0
    try:
        for entry in iter_elements(stream, {f"{{{NS['atom']}}}entry"}):
            number += 1
            yield _entry(entry, f"entry {number}")
    except BrokenXml as error:
        yield Rejected(f"after entry {number}", str(error))


def _entry(entry: Element, position: str) -> PaperRecord | Rejected:
    entry_id = text_of(entry, "atom:id", NS) or ""
    if "/api/errors" in entry_id:
        message = " ".join((text_of(entry, "atom:summary", NS) or "unknown error").split())
        return Rejected(position, f"the feed is an arXiv API error: {message}")
    primary = entry.find("arxiv:primary_category", NS)
    categories = [primary.get("term")] if primary is not None else []
    categories += [c.get("term") for c in entry.findall("atom:category", NS)]
    try:
        return build_record(
            position=position,
            source=Source.ARXIV_ATOM,
            arxiv_id=entry_id,
            title=text_of(entry, "atom:title", NS),
            abstract=text_of(entry, "atom:summary", NS),
            comments=text_of(entry, "arxiv:comment", NS),
            journal_ref=text_of(entry, "arxiv:journal_ref", NS),
            authors=[text_of(a, "atom:name", NS) for a in entry.findall("atom:author", NS)],
            categories=[c for c in categories if c],
            published=text_of(entry, "atom:published", NS),
            updated=text_of(entry, "atom:updated", NS),
        )
    except InvalidRecord as error:
        return Rejected(position, str(error))
