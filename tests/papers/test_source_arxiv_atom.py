"""arXiv API Atom feeds, 2026 and legacy 2016 shapes, error and empty feeds."""

import datetime as dt

from tests.papers.helpers import read_all


def test_search_feed_2026(samples):
    records, rejected, _ = read_all(
        samples / "arxiv_atom" / "api2026_search_testing_start0_max100_first50entries.xml"
    )
    assert len(records) == 50 and rejected == []
    assert all(r.source == "arxiv_atom" and r.abstract and r.authors for r in records)
    assert all("\n" not in r.title and "  " not in r.abstract for r in records)


def test_34_author_entry_keeps_every_author_in_order(samples):
    records, _, _ = read_all(samples / "arxiv_atom" / "api2026_id_list_1707.08567_34authors.xml")
    (paper,) = records
    assert paper.arxiv_id == "1707.08567"
    assert len(paper.authors) == 34
    assert paper.authors[0] == "Kees A. Schouhamer Immink"
    assert paper.categories[0] == "cs.IT"


def test_legacy_2016_feed_drops_the_version_and_puts_primary_category_first(samples):
    records, _, _ = read_all(samples / "arxiv_atom" / "legacy2016_id_list_1111.2011v2.xml")
    (paper,) = records
    assert paper.arxiv_id == "1111.2011"
    assert paper.title == (
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    )
    assert paper.authors == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic"]
    assert paper.categories == ["cond-mat.str-el", "cond-mat.stat-mech"]
    assert paper.published == dt.date(2011, 11, 8)
    assert paper.updated == dt.date(2012, 4, 2)


def test_error_feed_is_an_error_not_a_paper(samples):
    records, rejected, _ = read_all(
        samples / "arxiv_atom" / "api2026_id_list_abc_HTTP400_error_feed.xml"
    )
    assert records == []
    assert len(rejected) == 1
    assert "arXiv API error: incorrect id format for abc" in rejected[0].reason


def test_empty_result_feed_has_nothing_and_complains_about_nothing(samples):
    assert read_all(samples / "arxiv_atom" / "api2026_id_list_0000.0000_empty_result.xml") == (
        [],
        [],
        [],
    )


def test_broken_xml_keeps_entries_before_the_break(samples, tmp_path):
    text = (samples / "arxiv_atom" / "api2026_search_testing_start20_max10.xml").read_text()
    cut = text.index("<entry>", text.index("<entry>", text.index("<entry>") + 1) + 1)
    path = tmp_path / "broken.xml"
    path.write_text(text[:cut] + "<entry><title>unclosed</entry>")
    records, rejected, _ = read_all(path)
    assert len(records) == 2
    assert len(rejected) == 1 and rejected[0].position == "after entry 2"
    assert "broken XML" in rejected[0].reason


def test_entity_expansion_is_refused(tmp_path):
    path = tmp_path / "laughs.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&lol2;</title></entry></feed>'
    )
    records, rejected, _ = read_all(path)
    assert records == []
    assert len(rejected) == 1 and "unsafe XML" in rejected[0].reason
