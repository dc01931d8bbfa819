"""BM25 over PostgreSQL's lexemes: ranking, web-search syntax, staying in step."""

import pytest

from search.keyword import index_cache, parse_keyword_query
from search.params import parse_search_params
from search.service import paper_search
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_index():
    index_cache.clear()
    yield
    index_cache.clear()


def keyword_ids(text: str) -> list[int]:
    """Paper ids of the keyword search, best first."""
    params = parse_search_params({"q": text, "mode": "keyword", "k": 100})
    return [hit.paper.id for hit in paper_search(params).hits]


def test_rarer_and_title_terms_rank_higher():
    common = PaperFactory(title="Learning models", abstract="Learning learning models data.")
    rare = PaperFactory(title="Learning", abstract="Plasticity loss in models.")
    in_title = PaperFactory(title="Plasticity in deep networks", abstract="We study models.")
    ranked = keyword_ids("plasticity models")
    assert ranked[0] == in_title.id
    assert ranked.index(rare.id) < ranked.index(common.id)


def test_stemming_matches_word_forms():
    paper = PaperFactory(title="Transformers", abstract="We trained transformer networks.")
    assert keyword_ids("training networks") == [paper.id]


def test_quoted_phrases_are_required_and_minus_excludes():
    both = PaperFactory(title="Graph attention", abstract="Graph neural networks with attention.")
    graph_only = PaperFactory(title="Graph kernels", abstract="Kernels on graph data.")
    assert set(keyword_ids('"graph attention"')) == {both.id}
    assert set(keyword_ids("graph -attention")) == {graph_only.id}


def test_stopword_only_and_operator_queries_are_empty_not_errors():
    PaperFactory()
    assert keyword_ids("the of and") == []
    assert keyword_ids("'\\&|!:* \"unbalanced") == []
    assert parse_keyword_query("").terms == []


def test_new_papers_are_found_once_the_index_refreshes(monkeypatch):
    PaperFactory(title="Old paper", abstract="About convolution.")
    assert keyword_ids("quantum") == []
    monkeypatch.setattr("search.keyword.REFRESH_SECONDS", 0.0)
    new = PaperFactory(title="Quantum annealing", abstract="Quantum optimisation.")
    assert keyword_ids("quantum") == [new.id]


def test_empty_corpus():
    assert keyword_ids("anything") == []
