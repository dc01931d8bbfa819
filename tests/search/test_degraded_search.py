"""When a query cannot be embedded, search answers with keyword matches and a notice;
when the database cannot be reached, the site answers 503 with Retry-After, not a 500."""

import pytest
from django.db import OperationalError
from django.test import Client

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_model(monkeypatch):
    def broken(text):
        raise RuntimeError("the model could not be loaded")

    monkeypatch.setattr("search.retrievers.query_vector", broken)


@pytest.fixture
def paper():
    paper = PaperFactory(title="Graph attention networks", abstract="Attention over graphs.")
    embed_papers_now([paper.id])  # every paper has its vector: only the query fails
    index_keywords()
    return paper


@pytest.mark.parametrize("mode", ["hybrid", "semantic"])
def test_search_falls_back_to_keywords_with_a_notice(client, no_model, paper, mode):
    body = client.get("/api/v1/search/", {"q": "graph attention", "mode": mode}).json()
    assert body["mode"] == "keyword"
    assert body["notices"] == ["Semantic search is unavailable; showing keyword matches."]
    assert body["results"][0]["paper"]["id"] == paper.arxiv_id
    html = client.get("/search", {"q": "graph attention", "mode": mode}).content.decode()
    assert "Semantic search is unavailable" in html and "Graph attention networks" in html


@pytest.mark.parametrize("mode", ["hybrid", "keyword"])
def test_without_a_keyword_index_search_answers_by_meaning_with_a_notice(client, mode):
    paper = PaperFactory(title="Graph attention networks", abstract="Attention over graphs.")
    embed_papers_now([paper.id])  # and no keyword index at all: the writer has not run
    body = client.get("/api/v1/search/", {"q": "graph attention", "mode": mode}).json()
    assert body["mode"] == "semantic"
    assert body["notices"] == [
        "Keyword matching is unavailable right now; showing meaning matches."
    ]
    assert body["results"][0]["paper"]["id"] == paper.arxiv_id
    assert body["results"][0]["keyword_rank"] is None


def test_without_a_keyword_index_the_growth_chart_counts_by_meaning(client, settings):
    settings.SAVED_SEARCH_MIN_COSINE = 0.3
    paper = PaperFactory(title="Graph attention networks", abstract="Attention over graphs.")
    embed_papers_now([paper.id])  # no keyword index: the writer has not run
    trend = client.get("/api/v1/search/trend/", {"q": "graph attention networks"}).json()
    assert (trend["mode"], trend["papers"]) == ("semantic", 1)
    page = client.get("/search", {"q": "graph attention networks"})
    assert page.status_code == 200 and "Graph attention networks" in page.content.decode()


def test_database_outage_is_a_503_with_retry_after(monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("search.pipeline.paper_search", down)  # pages and API both call it
    client = Client(raise_request_exception=False)
    api = client.get("/api/v1/search/", {"q": "anything"})
    assert api.status_code == 503 and api["Retry-After"] == "30"
    assert api.json() == {"detail": "The database is unavailable; try again shortly."}
    page = client.get("/search", {"q": "anything"})
    assert page.status_code == 503 and "Back shortly" in page.content.decode()


def test_other_errors_are_a_plain_500_page(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("search.pipeline.paper_search", broken)
    page = Client(raise_request_exception=False).get("/search", {"q": "anything"})
    assert page.status_code == 500 and "Something went wrong" in page.content.decode()
    assert "a bug" not in page.content.decode()
