"""arXiv OAI-PMH `ListRecords` / `GetRecord` responses in the `arXivRaw` metadata format.

A resumption token is reported as a notice (the harvest continues from it); OAI-PMH
errors are reported, and deleted records are skipped with their reason.
"""

from __future__ import annotations

from collections.abc import Iterator
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


def read(stream: BinaryIO) -> Iterator[PaperRecord | Rejected | Notice]:
    number = 0
    tags = {f"{{{OAI}}}record", f"{{{OAI}}}error", f"{{{OAI}}}resumptionToken"}
    try:
        for element in iter_elements(stream, tags):
            tag = element.tag.rsplit("}", 1)[1]
            if tag == "record":
                number += 1
                yield _record(element, f"entry {number}")
            elif tag == "error":
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


def _record(record: Element, position: str) -> PaperRecord | Rejected:
    header = record.find("oai:header", NS)
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
            authors=split_authors(text_of(raw, "raw:authors", NS) or ""),
            categories=text_of(raw, "raw:categories", NS),
            published=dates[0] if dates else None,
            updated=dates[-1] if dates else None,
        )
    except InvalidRecord as error:
        return Rejected(position, str(error))
