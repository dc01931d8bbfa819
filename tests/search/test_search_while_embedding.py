"""Search while the workers catch up: half of 400 real papers (the shared corpus's first)
have their vectors (the bundled model's), the rest none yet. Hybrid still finds a paper
by its exact title, and the page and the API say how much meaning can rank."""

import pytest

from search.params import parse_search_params
from search.pipeline import paper_search
from tests.helpers import shared_papers

pytestmark = pytest.mark.django_db
PAPERS = 400


@pytest.fixture
def half_embedded(shared):
    """The first 400 papers; those at even positions have their vectors."""
    return shared_papers(shared, PAPERS, embedded=slice(None, None, 2))[0]


def test_an_exact_title_without_a_vector_is_found_in_hybrid(half_embedded):
    waiting = half_embedded[1::2][:40]
    ranks = []
    for paper in waiting:
        result = paper_search(parse_search_params({"q": paper.title}))
        assert result.mode == "hybrid"
        found = [hit.paper.id for hit in result.hits]
        ranks.append(found.index(paper.id) + 1 if paper.id in found else None)
    assert all(rank is not None and rank <= 3 for rank in ranks), ranks


def test_the_page_and_the_api_say_how_many_papers_wait_for_vectors(half_embedded, client):
    notice = "200 of 400 papers are still being embedded"
    page = client.get("/search", {"q": "graph neural networks"}).content.decode()
    assert notice in page
    body = client.get("/api/v1/search/", {"q": "graph neural networks"}).json()
    assert body["vector_coverage"] == {"papers": 400, "embedded": 200, "share": 0.5}
    assert any(n.startswith(notice) for n in body["notices"])
    semantic = client.get("/api/v1/search/", {"q": "graph neural networks", "mode": "semantic"})
    assert any("keyword and hybrid search find them now" in n for n in semantic.json()["notices"])
    keyword = client.get("/api/v1/search/", {"q": "graph neural networks", "mode": "keyword"})
    assert keyword.json()["notices"] == []  # keyword search sees every paper already
