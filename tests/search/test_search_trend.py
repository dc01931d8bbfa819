"""A search's papers per month: the candidates a saved search of it would follow, over the
whole corpus (keyword index and the bundled model, real)."""

import datetime as dt

import pytest

from papers.embeddings import embed_papers_now
from search.months import month_number
from search.params import parse_search_params
from search.trend import search_trend
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db

PAPERS = [
    ("Diffusion models for image synthesis", "Denoising diffusion makes images.", (2023, 5, 2)),
    ("Latent diffusion models", "Image generation in a latent space.", (2024, 5, 9)),
    ("Diffusion of innovations in firms", "How ideas spread between companies.", (2024, 5, 20)),
    ("Graph neural networks for molecules", "Message passing for molecules.", (2024, 7, 1)),
    ("Policy gradients for robots", "Reinforcement learning controls robot arms.", None),
]


@pytest.fixture
def papers(db):
    made = [PaperFactory(title=t, abstract=a, published=d and dt.date(*d)) for t, a, d in PAPERS]
    embed_papers_now([p.id for p in made])
    index_keywords()
    return made


def trend(q: str, mode: str, **fields):
    return search_trend(parse_search_params({"q": q, "mode": mode, **fields}))


def test_keyword_counts_papers_holding_every_word_by_month(papers):
    found = trend("diffusion models", "keyword")
    assert found.mode == "keyword" and found.papers == 2
    assert found.months == [(month_number(dt.date(2023, 5, 1)), 1),
                            (month_number(dt.date(2024, 5, 1)), 1)]  # fmt: skip
    assert (found.first, found.last) == (month_number(dt.date(2023, 5, 1)),
                                         month_number(dt.date(2024, 7, 1)))  # fmt: skip
    assert trend("diffusion -models", "keyword").papers == 1  # excluded words stay out


def test_by_meaning_counts_papers_above_the_saved_search_threshold(papers, settings):
    settings.SAVED_SEARCH_MIN_COSINE = 0.5
    found = trend("image generation with diffusion", "semantic")
    assert found.mode == "semantic"
    assert 1 <= found.papers <= 3 and found.papers < len(PAPERS)
    settings.SAVED_SEARCH_MIN_COSINE = -1.0  # everything is similar enough
    assert trend("image generation with diffusion model", "semantic").papers == len(PAPERS)


def test_hybrid_counts_either_and_filters_apply(papers, settings):
    settings.SAVED_SEARCH_MIN_COSINE = 0.99  # by meaning, nothing
    assert trend("diffusion", "hybrid").papers == 3
    assert trend("diffusion", "hybrid", after="2024-01-01").papers == 2
    filters_alone = trend("", "hybrid", after="2024-01-01")
    assert filters_alone.mode == "filters" and filters_alone.papers == 3


def test_the_api_and_the_search_page_show_the_same_counts(client, papers):
    data = client.get("/api/v1/search/trend/", {"q": "diffusion models", "mode": "keyword"}).json()
    assert data["papers"] == 2 and data["mode"] == "keyword"
    assert data["months"] == [{"month": "2023-05", "papers": 1}, {"month": "2024-05", "papers": 1}]
    assert (data["first_month"], data["last_month"]) == ("2023-05", "2024-07")
    html = client.get("/search", {"q": "diffusion models", "mode": "keyword"}).content.decode()
    assert "<figcaption>2 matching papers from 2023-05 to 2024-05" in html
    assert ">2023</text>" in html  # the chart's axis starts in the topic's first year
    bad = client.get("/api/v1/search/trend/", {"q": "x", "mode": "psychic"})
    assert bad.status_code == 400 and "mode" in bad.json()


def test_a_paper_named_by_its_id_counts_the_papers_close_to_it(papers, settings):
    """As a saved search of it follows them (it used to count the whole corpus)."""
    settings.SAVED_SEARCH_MIN_COSINE = 0.99
    found = trend(papers[0].arxiv_id, "hybrid")
    assert (found.mode, found.papers) == ("semantic", 1)  # itself alone is that close
    settings.SAVED_SEARCH_MIN_COSINE = -1.0
    assert trend(papers[0].arxiv_id, "keyword").papers == len(PAPERS)
