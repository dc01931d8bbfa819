"""Query-string syntax: filters, arXiv ids and URLs, and clear errors (pure)."""

import datetime as dt

import pytest

from search.query import QueryError, parse_query


def test_plain_text_is_the_search_text():
    parsed = parse_query("  graph   neural networks ")
    assert parsed.text == "graph neural networks"
    assert parsed.arxiv_id is None and not parsed.authors and not parsed.categories


def test_filters_are_lifted_out_of_the_text():
    parsed = parse_query(
        'diffusion author:"Yoshua  Bengio" cat:cs.LG after:2025-01-01 before:2026-06-30 models'
    )
    assert parsed.text == "diffusion models"
    assert parsed.authors == ["Yoshua Bengio"]
    assert parsed.categories == ["cs.LG"]
    assert parsed.after == dt.date(2025, 1, 1) and parsed.before == dt.date(2026, 6, 30)


def test_filters_alone_leave_no_text():
    parsed = parse_query("cat:stat.ML author:Hinton")
    assert parsed.text == "" and parsed.authors == ["Hinton"]
    assert parsed.categories == ["stat.ML"]


@pytest.mark.parametrize(
    "raw",
    [
        "2401.12345",
        "2401.12345v2",
        "https://arxiv.org/abs/2401.12345",
        "arxiv.org/pdf/2401.12345v1",
    ],
)
def test_an_arxiv_id_or_url_asks_for_that_paper(raw):
    assert parse_query(raw).arxiv_id == "2401.12345"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("x after:2025-13-01", "after: '2025-13-01' is not a date"),
        ("x before:soon", "before: 'soon' is not a date"),
        ("after:2026-01-01 before:2025-01-01", "after: must not be later than before:"),
        ('author:""', "author: needs a value"),
        ("cat:'; DROP TABLE", 'cat: "\';" is not an arXiv category'),
        ("a" * 5001, "longer than 5000 characters"),
    ],
)
def test_bad_filters_are_errors_that_say_what_to_fix(raw, message):
    with pytest.raises(QueryError) as error:
        parse_query(raw)
    assert message in str(error.value)


def test_control_characters_and_operators_are_just_text():
    parsed = parse_query("attention\x00 & | ! : * 'quoted \\ \u202eright-to-left \U0001f600")
    assert "\x00" not in parsed.text
    assert parsed.text.startswith("attention & | ! : *")
