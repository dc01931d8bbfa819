"""BM25 over PostgreSQL's lexemes: ranking, web-search syntax, staying in step."""

import pytest

from search.keyword import Bm25Index, index_cache, keyword_top, parse_keyword_query
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    index_cache.clear()
    yield
    index_cache.clear()


def test_rarer_and_title_terms_rank_higher():
    common = PaperFactory(title="Learning models", abstract="Learning learning models data.")
    rare = PaperFactory(title="Learning", abstract="Plasticity loss in models.")
    in_title = PaperFactory(title="Plasticity in deep networks", abstract="We study models.")
    ranked = [pid for pid, _ in keyword_top("plasticity models", 10)]
    assert ranked[0] == in_title.id
    assert ranked.index(rare.id) < ranked.index(common.id)


def test_stemming_matches_word_forms():
    paper = PaperFactory(title="Transformers", abstract="We trained transformer networks.")
    assert [pid for pid, _ in keyword_top("training networks", 10)] == [paper.id]


def test_quoted_phrases_are_required_and_minus_excludes():
    both = PaperFactory(title="Graph attention", abstract="Graph neural networks with attention.")
    graph_only = PaperFactory(title="Graph kernels", abstract="Kernels on graph data.")
    assert {p for p, _ in keyword_top('"graph attention"', 10)} == {both.id}
    assert {p for p, _ in keyword_top("graph -attention", 10)} == {graph_only.id}


def test_stopword_only_and_operator_queries_are_empty_not_errors():
    PaperFactory()
    assert keyword_top("the of and", 10) == []
    assert keyword_top("'\\&|!:* \"unbalanced", 10) == []
    assert parse_keyword_query("").terms == []


def test_new_papers_are_found_once_the_index_refreshes(monkeypatch):
    PaperFactory(title="Old paper", abstract="About convolution.")
    assert keyword_top("quantum", 10) == []
    monkeypatch.setattr("search.keyword.REFRESH_SECONDS", 0.0)
    new = PaperFactory(title="Quantum annealing", abstract="Quantum optimisation.")
    assert [pid for pid, _ in keyword_top("quantum", 10)] == [new.id]


def test_empty_corpus():
    assert Bm25Index.build().top(parse_keyword_query("anything"), 10) == []
