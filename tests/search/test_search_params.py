"""Search parameters parse once into SearchParams (pure): defaults, the query's own
filters merged with the fields', and errors that name their field."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from papers.filters import Filters
from search.params import SearchParams, parse_search_params


def test_defaults():
    params = parse_search_params(QueryDict("q=graph%20networks"))
    assert params == SearchParams(query="graph networks", text="graph networks")
    assert params.depth == 20


def test_the_query_filters_join_the_field_filters():
    params = parse_search_params(QueryDict(
        "q=diffusion%20cat:cs.CV%20after:2025-01-01&category=cs.LG&after=2024-01-01"
        "&before=2026-01-01&mode=keyword&sort=newest&k=50&page=2"
    ))  # fmt: skip
    assert params.text == "diffusion" and params.mode == "keyword" and params.sort == "newest"
    assert params.filters == Filters(("cs.LG", "cs.CV"), (), dt.date(2025, 1, 1),
                                     dt.date(2026, 1, 1))  # fmt: skip
    assert (params.page, params.page_size, params.depth) == (2, 50, 100)


def test_an_arxiv_id_asks_for_that_paper():
    assert parse_search_params({"q": "https://arxiv.org/abs/1706.03762v5"}).arxiv_id == "1706.03762"


@pytest.mark.parametrize(
    ("data", "field"),
    [({}, "q"), ({"q": ""}, "q"), ({"q": "x" * 5001}, "q"), ({"q": "cat:nonsense!"}, "q"),
     ({"q": "a", "mode": "fuzzy"}, "mode"), ({"q": "a", "k": "0"}, "k"),
     ({"q": "a", "k": "20", "page": "6"}, "page"), ({"q": "a", "author": ""}, "author"),
     ({"q": "a", "after": "2025-13-01"}, "after")],
)  # fmt: skip
def test_errors_name_their_field(data, field):
    with pytest.raises(ValidationError) as error:
        parse_search_params(data)
    assert field in error.value.message_dict


def test_a_filter_alone_is_a_search():
    params = parse_search_params({"category": "cs.LG"})
    assert params.text == "" and params.filters == Filters(categories=("cs.LG",))
