"""BibTeX entries: keys, fields, LaTeX kept, entries that cannot break out; a library
export read back by bibtexparser (an independent reader)."""

import datetime as dt

import bibtexparser
import pytest

from papers.library_io import bibtex, bibtex_entry, citation_key, export_library
from papers.models import Paper
from papers.selectors import user_bookmarks
from tests.papers.conftest import HARD_TITLE, MANY_AUTHORS


def paper(**fields) -> Paper:
    defaults = {
        "arxiv_id": "1706.03762",
        "title": "Attention Is All You Need",
        "authors": ["Ashish Vaswani", "Noam Shazeer"],
        "categories": ["cs.CL"],
        "published": dt.date(2017, 6, 12),
        "abs_url": "https://arxiv.org/abs/1706.03762",
    }
    return Paper(**(defaults | fields))


def test_entry_fields():
    entry = bibtex_entry(paper())
    assert entry.startswith("@misc{vaswani2017attention,\n")
    assert "author = {Ashish Vaswani and Noam Shazeer}" in entry
    assert "eprint = {1706.03762}" in entry and "archivePrefix = {arXiv}" in entry
    assert "primaryClass = {cs.CL}" in entry and "year = {2017}" in entry


def test_latex_is_kept_and_unbalanced_braces_cannot_end_the_entry():
    assert "{{$\\mathcal{O}(n)$ attention}}" in bibtex_entry(
        paper(title="$\\mathcal{O}(n)$ attention")
    )
    entry = bibtex_entry(paper(title="Broken } title { here }", authors=["A }, title = {x"]))
    assert "Broken \\} title \\{ here \\}" in entry and "A \\}, title = \\{x" in entry


def test_keys_are_unique_and_ascii():
    twins = bibtex([paper(), paper(arxiv_id="1706.03763")])
    assert "@misc{vaswani2017attention," in twins and "@misc{vaswani2017attentionb," in twins
    assert citation_key(paper(authors=["Zoë Müller"], title="Über alles")) == "muller2017uber"
    assert citation_key(paper(authors=[], title="", published=None)) == "arxiv170603762"


def test_papers_without_arxiv_ids_have_no_eprint():
    entry = bibtex_entry(paper(arxiv_id="title:abc", categories=[], abs_url=""))
    assert "eprint" not in entry and "url" not in entry


@pytest.mark.django_db
def test_bibtexparser_reads_the_library_export(alice, hard_library):
    library = bibtexparser.parse_string(export_library(user_bookmarks(alice), "bibtex", "alice"))
    assert not library.failed_blocks
    assert len(library.entries) == 3
    entry = next(e for e in library.entries if "eprint" in e.fields_dict
                 and e.fields_dict["eprint"].value == "1706.03762")  # fmt: skip
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    assert fields["author"].split(" and ") == MANY_AUTHORS
    # Unbalanced braces in the title: all of them escaped, so the entry still ends right.
    escaped = HARD_TITLE.replace("{", "\\{").replace("}", "\\}")
    assert fields["title"] == "{" + escaped + "}"
    assert fields["keywords"] == "transformers, to-read"
    assert fields["annote"] == "Key paper. Read twice; {cite} it."
    assert fields["year"] == "2017" and fields["archivePrefix"] == "arXiv"


@pytest.mark.django_db
def test_an_empty_library_is_an_empty_document(alice):
    text = export_library(user_bookmarks(alice), "bibtex", "alice")
    assert text == ""
    assert bibtexparser.parse_string(text).entries == []
