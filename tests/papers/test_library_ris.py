"""RIS export, read back by rispy (an independent reader): every field a reference
manager needs, values that survive LaTeX, braces, non-ASCII names and 500 authors."""

import pytest
import rispy

from papers.library_io import ris
from papers.selectors import user_bookmarks
from tests.papers.conftest import HARD_TITLE, MANY_AUTHORS

pytestmark = pytest.mark.django_db


def test_rispy_reads_every_bookmark_with_its_fields(alice, hard_library):
    entries = rispy.loads(ris(user_bookmarks(alice)))
    assert len(entries) == 3
    by_title = {e["title"]: e for e in entries}
    hard = by_title[HARD_TITLE]
    assert hard["type_of_reference"] == "UNPB"
    assert hard["authors"] == MANY_AUTHORS
    assert hard["year"] == "2017" and hard["date"] == "2017/06/12"
    assert hard["urls"] == ["https://arxiv.org/abs/1706.03762"]
    assert hard["doi"] == "10.48550/arXiv.1706.03762"
    assert hard["keywords"] == ["transformers", "to-read"]
    assert hard["notes"] == ["Key paper. Read twice; {cite} it."]  # one line: RIS has no escape
    assert hard["abstract"] == "The dominant sequence models. We propose {new} ones."
    assert hard["file_attachments1"] == "https://arxiv.org/pdf/1706.03762"
    assert "doi" not in by_title["A paper with no arXiv id"]


def test_an_empty_library_is_an_empty_document(alice):
    assert ris(user_bookmarks(alice)) == ""
    assert rispy.loads("") == []


def test_a_paper_without_date_or_authors_leaves_those_tags_out(alice, hard_library):
    entry = next(e for e in rispy.loads(ris(user_bookmarks(alice)))
                 if e["title"] == "A paper with no arXiv id")  # fmt: skip
    assert "year" not in entry and "authors" not in entry and "urls" not in entry
