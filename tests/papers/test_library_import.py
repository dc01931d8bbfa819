"""Library import: every export format read back into another account, Zotero-style
files, and input in no format we read refused whole, with what we do read named."""

import pytest

from papers.library_io import UnreadableLibrary, export_library, parse_library
from papers.models import Bookmark
from papers.selectors import user_bookmarks
from papers.services import library_import

pytestmark = pytest.mark.django_db


def library_of(user) -> dict[str, tuple[str, list[str]]]:
    return {b.paper.arxiv_id: (b.note, b.tags) for b in user_bookmarks(user)}


@pytest.mark.parametrize("format_name", ["json", "account"])
def test_our_json_exports_round_trip_whole(alice, bob, hard_library, format_name):
    report = library_import(bob, export_library(user_bookmarks(alice), format_name, "alice"))
    assert report.format == format_name and not report.invalid and not report.unknown
    assert library_of(bob) == library_of(alice)


@pytest.mark.parametrize("format_name", ["bibtex", "ris", "csl-json"])
def test_reference_manager_formats_round_trip(alice, bob, hard_library, format_name):
    report = library_import(bob, export_library(user_bookmarks(alice), format_name, "alice"))
    assert report.format == format_name
    # The paper without an arXiv id cannot be named in these formats: said, not dropped.
    assert len(report.invalid) == 1 and "no arXiv id" in report.invalid[0]
    mine = library_of(alice)
    theirs = library_of(bob)
    assert set(theirs) == {"1706.03762", "cs/9311102"}
    for arxiv_id, (note, tags) in theirs.items():
        assert tags == mine[arxiv_id][1]
        assert " ".join(note.split()) == " ".join(mine[arxiv_id][0].split())


def test_a_zotero_bibtex_file(bob, hard_library):
    zotero = """
@comment{jabref-meta: databaseType:bibtex;}
@article{vaswani_attention_2017,
  title = {Attention {Is} {All} {You} {Need}},
  url = {http://arxiv.org/abs/1706.03762},
  doi = {10.48550/arXiv.1706.03762},
  keywords = {Computer Science - Computation and Language, transformers},
  author = "Vaswani, Ashish and Shazeer, Noam",
  year = 2017,
}
@misc{lovelace,
  title = {Software agents}, eprint = {cs/9311102v2}, archivePrefix = {arXiv}
}
@book{knuth, title = {The Art of Computer Programming}, year = {1968}}
"""
    report = library_import(bob, zotero)
    assert sorted(report.added) == ["1706.03762", "cs/9311102"]
    assert report.invalid == ["entry 4: no arXiv id (eprint, DOI, URL or id)"]
    assert library_of(bob)["1706.03762"][1] == [
        "computer-science-computation-and-language",
        "transformers",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "%PDF-1.7\n\x00\x01binary",
        "<?xml version='1.0'?><library/>",
        "title,author\nAttention,Vaswani",
        '{"papers": []}',
        '"just a string"',
        "[{",
        "   ",
    ],
)
def test_input_in_no_format_we_read_changes_nothing(bob, hard_library, text):
    before = Bookmark.objects.count()
    with pytest.raises(UnreadableLibrary) as refused:
        library_import(bob, text)
    assert "BibTeX" in str(refused.value) and "RIS" in str(refused.value)
    assert "CSL-JSON" in str(refused.value)
    assert Bookmark.objects.count() == before


def test_empty_exports_are_valid_and_import_nothing(alice, bob):
    for format_name in ("json", "account", "csl-json"):
        text = export_library(user_bookmarks(alice), format_name, "alice")
        report = library_import(bob, text)
        assert (report.added, report.invalid) == ([], [])


def test_bad_entries_are_named_and_the_rest_imported(bob, hard_library):
    parsed = parse_library(
        '[{"id": "1706.03762", "tags": ["' + "x" * 51 + '"]}, {"id": "cs/9311102"}, 5,'
        ' {"id": "cs/9311102", "note": 7}]'
    )
    # Tags that break the rules are left out, and said; the paper is still bookmarked.
    assert [(e.arxiv_id, e.tags) for e in parsed.entries] == [
        ("1706.03762", None),
        ("cs/9311102", None),
    ]
    assert parsed.invalid == [
        "entry 1: tags left out: a tag has at most 50 characters",
        "entry 3: expected an object",
        "entry 4: a note is text of at most 10,000 characters",
    ]
