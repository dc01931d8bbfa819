"""The growth chart's walk through the HNSW index has a time budget: it takes no new ring
past the deadline, and a ring running at the deadline is cancelled; it then counts "at
least" what the rings it finished found. Without a budget it walks to the end."""

import pytest

from search import semantic
from search.semantic import published_above, query_vector
from tests.search.test_search_trend import PAPERS, papers, trend  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_rings(monkeypatch):
    monkeypatch.setattr(semantic, "FIRST_RING", 2)  # rings of 2, 8, 32 papers


def test_without_a_budget_the_walk_counts_every_close_paper(papers, small_rings):  # noqa: F811
    close = published_above(query_vector("diffusion")[0], min_cosine=-1.0)
    assert (len(close.papers), close.capped) == (len(PAPERS), False)


def test_a_spent_budget_keeps_the_first_ring_and_says_at_least(papers, small_rings):  # noqa: F811
    close = published_above(query_vector("diffusion")[0], min_cosine=-1.0, budget_s=0)
    assert (len(close.papers), close.capped) == (2, True)


def test_the_chart_says_at_least_when_its_walk_ran_out_of_time(
    papers, small_rings, settings, client  # noqa: F811
):
    settings.SAVED_SEARCH_MIN_COSINE = -1.0  # every paper is close: the walk would go on
    settings.TREND_WALK_BUDGET_MS = 1e-9  # spent as soon as the first ring is read
    found = trend("image generation", "semantic")
    assert (found.papers, found.capped) == (2, True)
    body = client.get("/api/v1/search/trend/", {"q": "image generation", "mode": "semantic"})
    assert (body.json()["papers"], body.json()["capped"]) == (2, True)
    page = client.get("/search/chart", {"q": "image generation", "mode": "semantic"})
    assert "matching papers (at least)" in page.content.decode()
