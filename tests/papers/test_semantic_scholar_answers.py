"""Reading Semantic Scholar's batch answers (pure): unknown ids, broken answers, and each
reference's identity."""

import json

import pytest

from papers.sources.semantic_scholar import BrokenAnswer, cited_work, read_batch


def test_entries_in_order_with_none_for_unknown_ids():
    body = json.dumps([{"citationCount": 5, "referenceCount": 1, "influentialCitationCount": 2,
                        "references": [{"paperId": "abc", "externalIds": {"ArXiv": "1706.03762"},
                                        "title": "Attention  is all\nyou need", "year": 2017}]},
                       None])  # fmt: skip
    known, unknown = read_batch(body.encode(), 2)
    assert unknown is None
    assert (known.citation_count, known.reference_count, known.influential_citation_count) == (
        5, 1, 2)  # fmt: skip
    (ref,) = known.references
    assert (ref.work, ref.arxiv_id, ref.title, ref.year) == (
        "arxiv:1706.03762", "1706.03762", "Attention is all you need", 2017)  # fmt: skip


@pytest.mark.parametrize(("body", "reason"), [
    (b'[{"citationCount": 1}', "not JSON"),  # cut off
    (b'{"error": "Too many ids"}', "expected a list"),
    (b"[null]", "1 entries for 2 ids"),
    (b'[null, "x"]', "entry 1 is a str"),
    (b"\xff\xfe", "not JSON"),
])  # fmt: skip
def test_broken_answers_say_how(body, reason):
    with pytest.raises(BrokenAnswer, match=reason):
        read_batch(body, 2)


def test_a_reference_is_known_by_arxiv_id_then_doi_then_its_s2_id_then_its_title():
    arxiv_doi = cited_work({"externalIds": {"DOI": "10.48550/arXiv.2401.00001"}, "title": "T"})
    assert (arxiv_doi.work, arxiv_doi.arxiv_id) == ("arxiv:2401.00001", "2401.00001")
    versioned = cited_work({"externalIds": {"ArXiv": "cs/9311102v2"}})
    assert versioned.work == "arxiv:cs/9311102"
    doi = cited_work({"paperId": "p1", "externalIds": {"DOI": "10.1162/NECO.1997.9.8.1735"}})
    assert doi.work == "doi:10.1162/neco.1997.9.8.1735"
    assert cited_work({"paperId": "p1", "externalIds": None}).work == "s2:p1"
    assert cited_work({"paperId": None, "title": " A  Title "}).work == "title:a title"
    assert cited_work({"paperId": None, "title": None, "externalIds": {}}) is None
    assert cited_work({"externalIds": {"ArXiv": "not an id"}, "paperId": "p"}).work == "s2:p"
    assert cited_work({"paperId": "p", "year": "1999"}).year is None


def test_counts_that_are_not_counts_read_as_zero_and_repeated_works_as_one():
    (record,) = read_batch(json.dumps([{
        "citationCount": None, "referenceCount": -1, "influentialCitationCount": "3",
        "references": [{"paperId": "a"}, {"paperId": "a"}, "junk", {"paperId": "b"}],
    }]).encode(), 1)  # fmt: skip
    assert (record.citation_count, record.reference_count) == (0, 0)
    assert [r.work for r in record.references] == ["s2:a", "s2:b"]
