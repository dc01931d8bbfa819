"""Keyword search through the Tantivy index: ranking, stemming, web-search syntax,
hostile queries, and papers found once the writer has stepped."""

import pytest

from search.params import parse_search_params
from search.pipeline import paper_search
from search.query import parse_keyword_query
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


def keyword_ids(text: str) -> list[int]:
    """Paper ids of the keyword search, best first, over the papers written so far."""
    index_keywords()
    params = parse_search_params({"q": text, "mode": "keyword", "k": 100})
    return [hit.paper.id for hit in paper_search(params).hits]


def test_rarer_and_title_terms_rank_higher():
    common = PaperFactory(title="Learning", abstract="Learning models from data.")
    rare = PaperFactory(title="Learning", abstract="Plasticity loss in models.")
    in_title = PaperFactory(title="Plasticity in deep networks", abstract="We study models.")
    assert keyword_ids("plasticity models") == [in_title.id, rare.id, common.id]


def test_stemming_matches_word_forms():
    paper = PaperFactory(title="Transformers", abstract="We trained transformer networks.")
    assert keyword_ids("training networks") == [paper.id]


def test_quoted_phrases_match_as_phrases_and_minus_excludes():
    both = PaperFactory(title="Graph attention", abstract="Graph neural networks with attention.")
    graph_only = PaperFactory(title="Graph kernels", abstract="Kernels on graph data.")
    apart = PaperFactory(title="Attention", abstract="Attention for a graph.")
    assert set(keyword_ids('"graph attention"')) == {both.id}
    assert set(keyword_ids("graph -attention")) == {graph_only.id}
    assert apart.id in keyword_ids("graph attention")


def test_a_phrase_skips_stop_words_as_the_text_does():
    paper = PaperFactory(title="The bag of words model", abstract="Counting.")
    PaperFactory(title="Words in a bag", abstract="Other.")
    assert keyword_ids('"bag of words"') == [paper.id]


def test_stopword_only_and_operator_queries_are_empty_not_errors():
    PaperFactory()
    assert keyword_ids("the of and") == []
    assert keyword_ids("'\\&|!:* \"unbalanced") == []
    assert parse_keyword_query("").terms == []


def test_new_edited_and_deleted_papers_follow_the_writer():
    old = PaperFactory(title="Old paper", abstract="About convolution.")
    assert keyword_ids("quantum") == []
    new = PaperFactory(title="Quantum annealing", abstract="Quantum optimisation.")
    assert keyword_ids("quantum") == [new.id]
    old.title = "Quantum convolution"
    old.save()
    assert set(keyword_ids("quantum")) == {new.id, old.id}
    new.delete()
    assert keyword_ids("quantum") == [old.id]


def test_empty_corpus():
    assert keyword_ids("anything") == []
