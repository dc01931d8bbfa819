"""Keyword ranks: the order of the matches that pass the filters (given within the best
CANDIDATES of them); a hybrid candidate that only the dense side found has none."""

import pytest

from papers.embeddings import embed_papers_now
from papers.filters import Filters
from search.params import SearchParams
from search.pipeline import paper_search
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded():
    """Five papers, each saying 'plasticity' once more than the one before."""
    papers = [
        PaperFactory(title=f"Study {n}", abstract="Plasticity. " * n + "Other words here.",
                     categories=["cs.NE" if n == 1 else "cs.LG"])
        for n in range(1, 6)
    ]  # fmt: skip
    index_keywords()
    return papers


def search(text: str, mode: str = "keyword", **options):
    return paper_search(SearchParams(query=text, text=text, mode=mode, **options))


def test_ranks_follow_the_keyword_order(graded):
    hits = search("plasticity").hits
    assert [h.paper for h in hits] == graded[::-1]
    assert [h.keyword_rank for h in hits] == [1, 2, 3, 4, 5]


def test_ranks_count_the_matches_that_pass_the_filters(graded):
    filtered = search("plasticity", filters=Filters(categories=("cs.NE",)), page_size=1)
    assert [(h.paper, h.keyword_rank) for h in filtered.hits] == [(graded[0], 1)]


def test_hybrid_candidates_from_the_dense_side_alone_have_no_rank(graded):
    other = PaperFactory(title="Synapses that change", abstract="Neurons rewire when learning.")
    embed_papers_now([p.id for p in [*graded, other]])
    index_keywords()
    hits = {h.paper: h for h in search("plasticity", mode="hybrid").hits}
    assert [hits[p].keyword_rank for p in graded[::-1]] == [1, 2, 3, 4, 5]
    assert hits[other].keyword_rank is None and hits[other].semantic_similarity is not None
    assert "keyword" not in hits[other].reason
