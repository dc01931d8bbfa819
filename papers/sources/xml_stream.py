"""Streaming, hardened XML reading shared by the XML formats.

defusedxml refuses entity expansion (billion laughs) and external entities; iterparse
plus `clear()` keeps memory flat however long the feed is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import BinaryIO
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse


class BrokenXml(Exception):
    """The document stops being well-formed; what was read before still counts."""


def iter_elements(stream: BinaryIO, tags: Collection[str]) -> Iterator[Element]:
    """Yield each complete element named in `tags` ('{ns}name'), then free it."""
    try:
        for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if element.tag in tags:
                yield element
                element.clear()
    except ParseError as error:
        raise BrokenXml(f"broken XML ({error})") from None
    except DefusedXmlException as error:
        raise BrokenXml(f"refused unsafe XML ({type(error).__name__})") from None
    except (EOFError, OSError) as error:
        raise BrokenXml(f"file is truncated or corrupt ({error})") from None


def text_of(element: Element, path: str, namespaces: dict[str, str]) -> str | None:
    found = element.find(path, namespaces)
    return None if found is None else (found.text or "")
