"""Importers, one module per format, and the detection that picks one for a file.

Every module exposes `FORMAT` (its name for `--format`) and `read(binary_stream)`, which
yields `PaperRecord`s, `Rejected` records (with position and reason) and `Notice`s.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from papers.sources import arxiv_atom, arxiv_jsonl, arxiv_oai, hf_daily, listing
from papers.sources.record import Notice, PaperRecord, Rejected

Item = PaperRecord | Rejected | Notice
Reader = Callable[[BinaryIO], Iterator[Item]]

READERS: dict[str, Reader] = {
    module.FORMAT: module.read for module in (arxiv_jsonl, arxiv_atom, arxiv_oai, hf_daily, listing)
}
FORMATS = tuple(READERS)
_GZIP_MAGIC = b"\x1f\x8b"
_SNIFF_BYTES = 8192


class UnknownFormat(ValueError):
    pass


@contextmanager
def open_source(path: Path) -> Iterator[BinaryIO]:
    """Open a file for reading, transparently decompressing gzip (by content, not name)."""
    with open(path, "rb") as raw:
        if raw.read(2) == _GZIP_MAGIC:
            raw.seek(0)
            with gzip.open(raw, "rb") as unzipped:
                yield unzipped  # type: ignore[misc]
        else:
            raw.seek(0)
            yield raw


def detect_format(head: bytes) -> str:
    """Name the format from the first bytes of the (decompressed) content."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<"):
        if b"OAI-PMH" in text:
            return arxiv_oai.FORMAT
        if b"<feed" in text:
            return arxiv_atom.FORMAT
        raise UnknownFormat("an XML file that is neither an arXiv Atom feed nor OAI-PMH")
    if text.startswith(b"["):
        return hf_daily.FORMAT
    if text.startswith(b"{"):
        return arxiv_jsonl.FORMAT
    if not text:
        raise UnknownFormat("the file is empty")
    return listing.FORMAT


def sniff(path: Path) -> str:
    with open_source(path) as stream:
        try:
            head = stream.read(_SNIFF_BYTES)
        except (EOFError, OSError) as error:
            raise UnknownFormat(f"cannot read the file ({error})") from None
    return detect_format(head)


def read_file(path: Path, format_name: str | None = None) -> Iterator[Item]:
    """Every item of the file, in order; the format is detected unless named."""
    format_name = format_name or sniff(path)
    if format_name not in READERS:
        raise UnknownFormat(f"unknown format {format_name!r}; one of {', '.join(FORMATS)}")
    with open_source(path) as stream:
        yield from READERS[format_name](stream)
