"""arXiv OAI-PMH `ListRecords` / `GetRecord` responses in the `arXivRaw` metadata format.

A resumption token is reported as a notice (the harvest continues from it); OAI-PMH
errors are reported, and deleted records are skipped with their reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.etree.ElementTree import Element

from papers.models import Source
from papers.sources.record import (
    InvalidRecord,
    Notice,
    PaperRecord,
    Rejected,
    build_record,
    split_authors,
)
from papers.sources.xml_stream import BrokenXml, iter_elements, text_of

FORMAT = "arxiv-oai"
OAI = "http://www.openarchives.org/OAI/2.0/"
NS = {"oai": OAI, "raw": "http://arxiv.org/OAI/arXivRaw/"}
_TAGS = {f"{{{OAI}}}record", f"{{{OAI}}}error", f"{{{OAI}}}resumptionToken"}


@dataclass
class OaiPage:
    """One ListRecords response: its records (and rejections), the resumption token for
    the next page (None on the last), and the OAI-PMH error it carries, if any."""

    items: list[PaperRecord | Rejected] = field(default_factory=list)
    token: str | None = None
    complete_size: int | None = None
    error_code: str | None = None
    error_message: str = ""


def read_page(stream: BinaryIO, first_entry: int = 1) -> OaiPage:
    """A whole response (a harvest page). Raises BrokenXml when it is cut off or broken,
    so the harvester can ask again."""
    page = OaiPage()
    for kind, element in _elements(stream):
        if kind == "record":
            page.items.append(_record(element, f"entry {first_entry + len(page.items)}"))
        elif kind == "error":
            page.error_code = element.get("code", "error")
            page.error_message = " ".join((element.text or "").split())
        else:
            page.token = (element.text or "").strip() or None
            size = element.get("completeListSize", "")
            page.complete_size = int(size) if size.isdigit() else None
    return page


def read(stream: BinaryIO) -> Iterator[PaperRecord | Rejected | Notice]:
    """A saved response (an import): records as they stream, then what it says of the rest."""
    number = 0
    try:
        for kind, element in _elements(stream):
            if kind == "record":
                number += 1
                yield _record(element, f"entry {number}")
            elif kind == "error":
                code = element.get("code", "error")
                message = " ".join((element.text or "").split())
                if code == "noRecordsMatch":
                    yield Notice(f"OAI-PMH: no records match ({message})")
                else:
                    yield Rejected("response", f"OAI-PMH error {code}: {message}")
            elif (element.text or "").strip():
                size = element.get("completeListSize")
                total = f" of {size} records" if size else ""
                yield Notice(
                    f"OAI-PMH resumption token {element.text.strip()!r}: this response is one "
                    f"page{total}; request the next page with it"
                )
    except BrokenXml as error:
        yield Rejected(f"after entry {number}", str(error))


def _elements(stream: BinaryIO) -> Iterator[tuple[str, Element]]:
    for element in iter_elements(stream, _TAGS):
        yield element.tag.rsplit("}", 1)[1], element


def _record(record: Element, position: str) -> PaperRecord | Rejected:
    header = record.find("oai:header", NS)
    identifier = header is not None and text_of(header, "oai:identifier", NS)
    if identifier:
        position = f"{position} ({identifier.strip()})"
    if header is not None and header.get("status") == "deleted":
        return Rejected(position, "record is marked deleted")
    raw = record.find("oai:metadata/raw:arXivRaw", NS)
    if raw is None:
        return Rejected(position, "no arXivRaw metadata (wrong metadataPrefix?)")
    dates = [text_of(v, "raw:date", NS) for v in raw.findall("raw:version", NS)]
    try:
        return build_record(
            position=position,
            source=Source.ARXIV_OAI,
            arxiv_id=text_of(raw, "raw:id", NS),
            title=text_of(raw, "raw:title", NS),
            abstract=text_of(raw, "raw:abstract", NS),
            comments=text_of(raw, "raw:comments", NS),
            journal_ref=text_of(raw, "raw:journal-ref", NS),
            authors=split_authors(text_of(raw, "raw:authors", NS) or ""),
            categories=text_of(raw, "raw:categories", NS),
            published=dates[0] if dates else None,
            updated=dates[-1] if dates else None,
        )
    except InvalidRecord as error:
        return Rejected(position, str(error))
