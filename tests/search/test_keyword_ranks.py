"""Keyword ranks and candidates: exact ranks within the best matches, none below them,
and narrow filters that look past the best matches."""

import pytest

from papers.filters import Filters
from search.keyword import index_cache
from search.params import SearchParams
from search.service import paper_search
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded():
    """Five papers, each saying 'plasticity' once more than the one before."""
    index_cache.clear()
    papers = [
        PaperFactory(title=f"Study {n}", abstract="Plasticity. " * n + "Other words here.",
                     categories=["cs.NE" if n == 1 else "cs.LG"])
        for n in range(1, 6)
    ]  # fmt: skip
    yield papers
    index_cache.clear()


def keyword_search(text: str, **options):
    return paper_search(SearchParams(query=text, text=text, mode="keyword", **options))


def test_ranks_follow_the_keyword_order(graded):
    hits = keyword_search("plasticity").hits
    assert [h.paper for h in hits] == graded[::-1]
    assert [h.keyword_rank for h in hits] == [1, 2, 3, 4, 5]


def test_ranks_below_the_best_matches_are_left_out(graded, monkeypatch):
    monkeypatch.setattr("search.service.RANKED_MATCHES", 2)
    monkeypatch.setattr("search.service.CANDIDATES", 2)
    hits = keyword_search("plasticity", page_size=2).hits
    assert [h.keyword_rank for h in hits] == [1, 2]
    # A narrow filter reaches past the best two to the weakest match, which gets no rank.
    monkeypatch.setattr("search.service.CANDIDATES", 1)
    narrow = Filters(categories=("cs.NE",))
    filtered = keyword_search("plasticity", filters=narrow, page_size=1)
    assert [(h.paper, h.keyword_rank) for h in filtered.hits] == [(graded[0], None)]
    assert "keyword" not in filtered.hits[0].reason
