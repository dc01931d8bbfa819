"""CSL-JSON export, read by citeproc-py (an independent CSL processor) and rendered as a
bibliography: names, dates, DOI and URL as Zotero, Pandoc and citeproc expect them."""

import json

import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from papers.library_io import csl_json, csl_name, export_library
from papers.selectors import user_bookmarks
from tests.papers.conftest import HARD_TITLE

pytestmark = pytest.mark.django_db


def bibliography(items: list[dict]) -> list[str]:
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bib = CitationStylesBibliography(style, source, formatter.plain)
    for item in items:
        bib.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bib.bibliography()]


def test_citeproc_renders_every_item(alice, hard_library):
    text = export_library(user_bookmarks(alice), "csl-json", "alice")
    items = json.loads(text)
    assert len({item["id"] for item in items}) == 3  # unique citation keys
    rendered = bibliography(items)
    assert len(rendered) == 3
    hard = next(r for r in rendered if "Müller" in r)
    assert "2017" in hard and "10.48550/arXiv.1706.03762" in hard
    source = CiteProcJSON(items)
    item = next(i for i in items if i["title"] == HARD_TITLE)
    read = source[item["id"]]
    assert str(read["title"]) == HARD_TITLE
    assert len(read["author"]) == 500
    assert item["issued"] == {"date-parts": [[2017, 6, 12]]}
    assert item["keyword"] == "transformers, to-read" and item["note"].startswith("Key paper.")


def test_names_split_only_when_it_is_safe():
    assert csl_name("Ada King Lovelace") == {"family": "Lovelace", "given": "Ada King"}
    assert csl_name("Plato") == {"literal": "Plato"}
    assert csl_name("José van der Berg") == {"literal": "José van der Berg"}


def test_an_empty_library_is_an_empty_list(alice):
    assert csl_json(user_bookmarks(alice)) == []
    assert json.loads(export_library(user_bookmarks(alice), "csl-json", "alice")) == []
