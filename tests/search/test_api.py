"""The search and papers API: results, filters, validation (400 naming the field), 404."""

import datetime as dt

import pytest
from django.urls import reverse

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory
from tests.helpers import index_keywords

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    papers = [
        PaperFactory(arxiv_id="2501.00001", title="Proximal policy optimization",
                     abstract="Clipped policy gradients keep reinforcement learning stable.",
                     categories=["cs.LG"], published=dt.date(2025, 1, 10)),
        PaperFactory(arxiv_id="2501.00002", title="Image transformers",
                     abstract="Vision transformers classify <script>alert(1)</script> images.",
                     categories=["cs.CV"], published=dt.date(2025, 6, 1)),
        PaperFactory(arxiv_id="cs/9311102", title="Software agents",
                     abstract="An agent that predicts what users write.",
                     categories=["cs.AI"], published=dt.date(1993, 10, 31)),
    ]  # fmt: skip
    embed_papers_now([p.id for p in papers])
    index_keywords()
    yield papers


def search(client, **params):
    return client.get(reverse("api:search"), params)


@pytest.mark.parametrize("mode", ["hybrid", "semantic", "keyword"])
def test_each_mode_finds_the_paper(client, corpus, mode):
    body = search(client, q="policy gradient reinforcement learning", mode=mode).json()
    top = body["results"][0]
    assert top["paper"]["id"] == "2501.00001"
    assert top["paper"]["abs_url"] == "https://arxiv.org/abs/2501.00001"
    assert body["mode"] == mode
    if mode != "keyword":
        assert top["semantic_similarity"] > 0.3
    if mode != "semantic":
        assert top["keyword_rank"] == 1 and "<mark>" in top["snippet"]


def test_snippets_escape_everything_but_the_highlight(client, corpus):
    body = search(client, q="vision transformers", mode="keyword").json()
    snippet = body["results"][0]["snippet"]
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet and "<mark>" in snippet


def test_arxiv_id_comes_first_then_neighbours(client, corpus):
    body = search(client, q="https://arxiv.org/abs/cs/9311102v1").json()
    assert body["results"][0]["paper"]["id"] == "cs/9311102"
    assert len(body["results"]) == 3


def test_filters_in_the_query_and_as_parameters(client, corpus):
    body = search(client, q="learning cat:cs.CV").json()
    assert [r["paper"]["id"] for r in body["results"]] == ["2501.00002"]
    body = search(client, q="learning", before="2000-01-01").json()
    assert [r["paper"]["id"] for r in body["results"]] == ["cs/9311102"]
    newest = search(client, category=["cs.LG", "cs.CV"]).json()  # no q: newest first
    assert [r["paper"]["id"] for r in newest["results"]] == ["2501.00002", "2501.00001"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": ""}, "q"),
        ({"q": "x" * 5001}, "q"),
        ({"q": "x", "k": 0}, "k"),
        ({"q": "x", "k": 101}, "k"),
        ({"q": "x", "k": "many"}, "k"),
        ({"q": "x", "page": -1}, "page"),
        ({"q": "x", "page": 10**9}, "page"),
        ({"q": "x", "mode": "magic"}, "mode"),
        ({"q": "x", "after": "2025-02-30"}, "after"),
        ({"q": "x", "category": "not a category"}, "category"),
        ({"q": "x after:tomorrow"}, "q"),
        ({"q": "x", "after": "2026-01-01", "before": "2025-01-01"}, "after"),
    ],
)
def test_bad_parameters_are_400s_naming_the_field(client, params, field):
    response = search(client, **params)
    assert response.status_code == 400
    assert field in response.json()


def test_hostile_queries_never_fail(client, corpus):
    for q in ["'", "\\", "&|!:*", '"unbalanced', "\x07 bell", "the of and", "🙂 ‮rtl", "-"]:
        assert search(client, q=q).status_code == 200
    nul = search(client, q="nul \x00 byte")
    assert nul.status_code == 400 and "q" in nul.json()


def test_paper_detail_list_and_similar(client, corpus):
    detail = client.get(reverse("api:paper", args=["cs/9311102"]))
    assert detail.status_code == 200 and detail.json()["title"] == "Software agents"
    assert client.get(reverse("api:paper", args=["9999.99999"])).status_code == 404
    listing = client.get(reverse("api:papers"), {"k": 2}).json()
    assert [p["id"] for p in listing["results"]] == ["2501.00002", "2501.00001"]
    assert listing["next"]
    similar = client.get(reverse("api:paper-similar", args=["2501.00001"]), {"k": 5}).json()
    assert "2501.00001" not in [r["paper"]["id"] for r in similar["results"]]
    assert len(similar["results"]) == 2
    bad_k = client.get(reverse("api:paper-similar", args=["2501.00001"]), {"k": 0})
    assert bad_k.status_code == 400 and "k" in bad_k.json()
    missing = client.get(reverse("api:paper-similar", args=["9999.99999"]))
    assert missing.status_code == 404


def test_schema_documents_every_endpoint(client):
    paths = client.get(reverse("api:schema"), {"format": "json"}).json()["paths"]
    for path in ("/api/v1/search/", "/api/v1/papers/", "/api/v1/papers/{paper_id}/",
                 "/api/v1/papers/{paper_id}/similar/", "/api/v1/stats/"):  # fmt: skip
        assert path in paths


def test_schema_is_valid_openapi_without_warnings(tmp_path):
    from django.core.management import call_command

    # --validate checks the document against the OpenAPI 3 JSON schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert "/api/v1/search/" in (tmp_path / "s.yml").read_text()
