"""`has:code` in a query and `has_code=true` in the API keep the papers that link their
code, in every retriever (vector index, keyword index, SQL listings) alike."""

import datetime as dt

import pytest

from papers.embeddings import embed_papers_now
from papers.services import links_refresh
from tests.factories import PaperFactory
from tests.helpers import index_keywords

DAY = dt.date(2025, 3, 3)


@pytest.fixture
def papers(db):
    made = [
        PaperFactory(arxiv_id="2503.00001", published=DAY, title="Diffusion for video",
                     abstract="Video diffusion models. Code: https://github.com/a/video."),
        PaperFactory(arxiv_id="2503.00002", published=DAY, title="Diffusion for audio",
                     abstract="Audio diffusion models, with weights at huggingface.co/a/audio."),
        PaperFactory(arxiv_id="2503.00003", published=DAY, title="Diffusion for images",
                     abstract="Image diffusion models without any released code."),
    ]  # fmt: skip
    links_refresh([p.id for p in made])
    embed_papers_now([p.id for p in made])
    index_keywords()
    return made


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "keyword"])
def test_search_keeps_papers_with_code_in_every_mode(client, papers, mode):
    by_field = client.get("/api/v1/search/", {"q": "diffusion models", "mode": mode,
                                              "has_code": "true"}).json()  # fmt: skip
    by_syntax = client.get("/api/v1/search/", {"q": "diffusion models has:code",
                                               "mode": mode}).json()  # fmt: skip
    for answer in (by_field, by_syntax):
        assert [r["paper"]["id"] for r in answer["results"]] == ["2503.00001"]
        assert answer["results"][0]["paper"]["links"] == [
            {"kind": "code", "url": "https://github.com/a/video", "stars": None, "pushed_at": None}
        ]
    models = client.get("/api/v1/search/", {"q": "diffusion has:model", "mode": mode}).json()
    assert [r["paper"]["id"] for r in models["results"]] == ["2503.00002"]


def test_the_papers_and_daily_apis_filter_too(client, papers):
    listed = client.get("/api/v1/papers/", {"has_code": "true"}).json()
    assert [p["id"] for p in listed["results"]] == ["2503.00001"]
    daily = client.get("/api/v1/daily/", {"date": DAY.isoformat(), "has_code": "true"}).json()
    assert [p["id"] for p in daily["results"]] == ["2503.00001"]
    assert client.get("/api/v1/daily/", {"date": DAY.isoformat()}).json()["count"] == 3


def test_bad_values_are_400s_naming_the_field(client, papers):
    answer = client.get("/api/v1/search/", {"q": "diffusion has:weights"})
    assert answer.status_code == 400 and "has:" in answer.json()["q"][0]
    answer = client.get("/api/v1/papers/", {"has_code": "maybe"})
    assert answer.status_code == 400 and answer.json() == {"has_code": ["true or false"]}


def test_pages_show_the_links_and_a_with_code_chip(client, papers):
    page = client.get("/search", {"q": "diffusion models"}).content.decode()
    assert 'href="https://github.com/a/video"' in page
    assert "has_code=true" in page  # the "With code" chip
    only = client.get("/search", {"q": "diffusion models", "has_code": "true"}).content.decode()
    assert "Diffusion for video" in only and "Diffusion for images" not in only
    paper = client.get("/papers/2503.00002/").content.decode()
    assert "Code, models and data" in paper and "https://huggingface.co/a/audio" in paper
    daily = client.get(f"/daily/{DAY.isoformat()}/", {"has_code": "true"}).content.decode()
    assert "Diffusion for video" in daily and "Diffusion for audio" not in daily
