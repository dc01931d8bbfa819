"""Filters: one SQL rule for listings and nearest-neighbour scans, and one parser of
filter parameters for the pages and both APIs."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papers.filters import Filters, parse_filters, without_blanks
from papers.models import Paper
from papers.selectors import paper_list
from tests.factories import PaperFactory


@pytest.mark.django_db
def test_like_wildcards_in_an_author_match_literally(client):
    PaperFactory(authors=["Ada Lovelace"])
    percent = PaperFactory(authors=["100% Turing"])
    assert list(paper_list(Filters(authors=("%",)))) == [percent]
    assert list(paper_list(Filters(authors=("_",)))) == []
    # The papers API goes through the same rule (it once matched everyone with `%`).
    listed = client.get("/api/v1/papers/", {"author": "%"}).json()["results"]
    assert [p["id"] for p in listed] == [percent.arxiv_id]


@pytest.mark.django_db
def test_filters_combine_in_listings():
    old = PaperFactory(categories=["cs.CV"], published=dt.date(2020, 1, 1))
    PaperFactory(categories=["cs.CL"], published=dt.date(2020, 1, 1))
    new = PaperFactory(categories=["cs.CV"], published=dt.date(2025, 1, 1), authors=["Yann"])
    assert list(paper_list(Filters(categories=("cs.CV",)))) == [new, old]
    assert list(paper_list(Filters(categories=("cs.CV",), after=dt.date(2021, 1, 1)))) == [new]
    assert list(paper_list(Filters(authors=("yann",), before=dt.date(2021, 1, 1)))) == []


def test_parameters_parse_into_filters():
    data = QueryDict("category=cs.LG&category=cs.CV&author=%20Ada%20%20King&after=2025-01-01")
    assert parse_filters(data) == Filters(("cs.LG", "cs.CV"), ("Ada King",), dt.date(2025, 1, 1))


@pytest.mark.parametrize(
    ("query", "field"),
    [("category=cs%20LG", "category"), ("author=", "author"), ("after=01/02/2025", "after"),
     ("after=2025-02-01&before=2025-01-01", "after"), ("author=" + "a" * 201, "author")],
)  # fmt: skip
def test_bad_parameters_name_their_field(query, field):
    with pytest.raises(ValidationError) as error:
        parse_filters(QueryDict(query))
    assert field in error.value.message_dict


def test_pages_drop_their_empty_fields():
    data = QueryDict("q=&author=&category=cs.LG&category=&after=2025-01-01")
    assert without_blanks(data) == {"category": ["cs.LG"], "after": "2025-01-01"}
    assert parse_filters(without_blanks(data)) == Filters(("cs.LG",), (), dt.date(2025, 1, 1))


NAME_CHARACTERS = "abcdeAZéÉüÜöÖçÑß%_\\ -'."
names = st.text(NAME_CHARACTERS, min_size=1, max_size=12)
days = st.none() | st.dates(dt.date(2023, 1, 1), dt.date(2023, 1, 8))
categories = st.lists(st.sampled_from(["cs.LG", "cs.CV", "cs.CL"]), max_size=2, unique=True)
generated_filters = st.builds(
    Filters,
    categories=categories.map(tuple),
    authors=st.lists(st.text(NAME_CHARACTERS, min_size=1, max_size=3), max_size=2).map(tuple),
    after=days,
    before=days,
)


@pytest.mark.django_db
@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    corpus=st.lists(st.tuples(categories, st.lists(names, max_size=3), days), max_size=6),
    filters=generated_filters,
    data=st.data(),
)
def test_the_rule_in_memory_agrees_with_the_sql(corpus, filters, data):
    """Filters.matches (digests judge papers already loaded) keeps what Filters.sql keeps,
    on generated papers and filters: LIKE wildcards, accents and case included."""
    held = [name for _, authors, _ in corpus for name in authors]
    if held and data.draw(st.booleans(), "an author filter from a paper's name"):
        name = data.draw(st.sampled_from(held))
        start = data.draw(st.integers(0, len(name) - 1))
        part = name[start : data.draw(st.integers(start + 1, len(name)))]
        part = data.draw(st.sampled_from([part, part.upper(), part.lower(), part.swapcase()]))
        filters = dataclasses.replace(filters, authors=(part,))
    if held and data.draw(st.booleans(), "a person, as a paper's name or written otherwise"):
        name = data.draw(st.sampled_from(held))
        name = data.draw(st.sampled_from([name, name.upper(), ", ".join(reversed(name.split()))]))
        filters = dataclasses.replace(filters, person=name)
    made = [PaperFactory(categories=c, authors=a, published=d).id for c, a, d in corpus]
    mine = Paper.objects.filter(id__in=made)
    by_sql = set(filters.apply(mine).values_list("id", flat=True))
    in_memory = {p.id for p in mine if filters.matches(p.categories, p.authors, p.published)}
    assert in_memory == by_sql, filters


def test_a_repeated_single_valued_parameter_keeps_its_last_value_as_the_api_does():
    data = QueryDict("after=2025-01-01&after=2025-02-01&category=cs.LG&category=cs.CL")
    assert without_blanks(data) == {"after": "2025-02-01", "category": ["cs.LG", "cs.CL"]}
    assert parse_filters(without_blanks(data)).after == parse_filters(data).after
