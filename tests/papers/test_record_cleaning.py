"""Pure validation and cleaning rules shared by every importer (no database)."""

import datetime as dt

import pytest

from papers.sources.record import (
    InvalidRecord,
    build_record,
    parse_arxiv_id,
    parse_date,
    split_authors,
    title_id,
)


def make(**fields):
    defaults = {"position": "line 1", "source": "arxiv_jsonl", "title": "T", "abstract": "A"}
    return build_record(**{**defaults, **fields})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2401.12345", "2401.12345"),
        ("2401.12345v3", "2401.12345"),
        ("0704.0001", "0704.0001"),
        ("cs/9311102", "cs/9311102"),
        ("math.GT/0309136v2", "math.GT/0309136"),
        ("http://arxiv.org/abs/1111.2011v2", "1111.2011"),
        ("https://arxiv.org/pdf/2405.18407", "2405.18407"),
        ("https://arxiv.org/abs/astro-ph/0601001v1", "astro-ph/0601001"),
    ],
)
def test_arxiv_ids_lose_their_version_and_url(raw, expected):
    assert parse_arxiv_id(raw) == expected


@pytest.mark.parametrize("raw", ["abc", "2401", "https://example.org/paper/1", "12345.678"])
def test_malformed_arxiv_ids_are_rejected(raw):
    with pytest.raises(InvalidRecord, match="not an arXiv id"):
        parse_arxiv_id(raw)


def test_whitespace_is_collapsed_in_title_abstract_and_authors():
    record = make(
        title="Calculation of prompt diphoton\n  production",
        abstract="  A fully differential\ncalculation\n",
        authors=["  C.  Balázs ", "", "E. L. Berger"],
    )
    assert record.title == "Calculation of prompt diphoton production"
    assert record.abstract == "A fully differential calculation"
    assert record.authors == ["C. Balázs", "E. L. Berger"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-05-28", dt.date(2024, 5, 28)),
        ("2024-05-28T17:47:19.000Z", dt.date(2024, 5, 28)),
        ("Mon, 2 Apr 2007 19:18:42 GMT", dt.date(2007, 4, 2)),
        (None, None),
    ],
)
def test_dates_in_every_source_format(raw, expected):
    assert parse_date(raw, "published") == expected


@pytest.mark.parametrize(
    "raw", ["2023-02-30", "2023-13-01", "yesterday", "1850-01-01", "2999-01-01"]
)
def test_impossible_dates_are_rejected_naming_the_field(raw):
    with pytest.raises(InvalidRecord, match="published"):
        parse_date(raw, "published")


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"title": "   "}, "no title"),
        ({"abstract": ""}, "no abstract"),
        ({"title": 42}, "title: expected text"),
        ({"authors": "not a list", "categories": 3}, "categories: expected a list"),
        ({"authors": [1, 2]}, "authors: expected a list of text"),
        ({"upvotes": "many"}, "upvotes"),
        ({"abstract": "x" * 30000}, "more than"),
    ],
)
def test_bad_fields_are_rejected_with_a_reason(fields, reason):
    with pytest.raises(InvalidRecord, match=reason):
        make(**fields)


def test_non_arxiv_codes_are_dropped_from_categories():
    record = make(categories=["cs.LG", "68T45 (Primary)", "I.2.6; I.2.7", "cond-mat.str-el"])
    assert record.categories == ["cs.LG", "cond-mat.str-el"]


def test_author_strings_are_split_on_commas_and_and():
    assert split_authors("D.V. Shetty, S.J. Yennello, and G.A. Souliotis") == [
        "D.V. Shetty",
        "S.J. Yennello",
        "G.A. Souliotis",
    ]
    assert split_authors("A. Gould (Ohio State), B. Gaudi") == ["A. Gould", "B. Gaudi"]


def test_records_without_an_id_get_a_stable_title_id():
    first = make(title="Attention Is All You Need")
    again = make(title="attention  is all you NEED")
    assert first.arxiv_id == again.arxiv_id == title_id("Attention Is All You Need")
    assert first.arxiv_id.startswith("title:")
    assert first.abs_url == ""


def test_arxiv_records_link_back_to_arxiv():
    record = make(arxiv_id="2401.12345v2")
    assert record.abs_url == "https://arxiv.org/abs/2401.12345"
    assert record.pdf_url == "https://arxiv.org/pdf/2401.12345"
