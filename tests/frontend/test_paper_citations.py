"""A paper's page: its references (linked when held here), who cites it (newest first,
paged), the worldwide count, and the neighbourhood figure the script draws."""

import pytest
from django.urls import reverse

from papers.services import bookmark_save
from tests.citation_graph import build, cite
from tests.factories import PaperFactory

pytestmark = pytest.mark.django_db


def page(client, arxiv_id: str, **params) -> str:
    response = client.get(reverse("frontend:paper", args=[arxiv_id]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_references_and_citers_for_alice_and_bob(alice_client, bob_client, alice, corpus):
    graph = build(corpus)
    bookmark_save(alice, graph["diffusion"])
    for user_client in (alice_client, bob_client):
        html = page(user_client, "2501.00003")
        assert "Cited by <strong>75</strong> worldwide (7 influential)" in html
        assert "1 of them here · 4 references" in html
        assert 'href="/papers/2501.00001/">Proximal policy optimization</a>' in html
        assert '<a href="https://arxiv.org/abs/1706.03762" rel="nofollow noopener">' in html
        assert 'href="https://doi.org/10.1162/neco.1997.9.8.1735"' in html
        assert "Cited by 1 here" in html and 'href="/papers/2501.00002/">Image transformers' in html
        assert f'data-graph="{reverse("api:paper-graph", args=["2501.00003"])}"' in html
    assert "In your library" in page(alice_client, "2501.00003")
    assert "In your library" not in page(bob_client, "2501.00003")


def test_what_the_page_says_before_the_harvest_and_for_unknown_papers(client, corpus):
    assert "have not been harvested yet" in page(client, "2501.00002")
    build(corpus)
    assert "Semantic Scholar did not know this paper" in page(client, "cs/9311102")


def test_citers_are_paged_newest_first(client):
    cited = PaperFactory(arxiv_id="2401.00001")
    citers = [PaperFactory() for _ in range(30)]
    for citer in citers:
        cite(citer, cited)
    newest = sorted(citers, key=lambda p: p.published, reverse=True)
    first, second = page(client, cited.arxiv_id), page(client, cited.arxiv_id, citers="2")
    assert "Cited by 30 here" in first and "Page 1 of 2" in first
    assert newest[0].title in first and newest[25].title not in first
    assert newest[25].title in second and newest[0].title not in second
    assert "Page 1 of 2" in page(client, cited.arxiv_id, citers="junk' OR 1=1")
    assert "Page 2 of 2" in page(client, cited.arxiv_id, citers="99")


def test_cards_show_the_count(client, corpus):
    build(corpus)
    html = client.get(reverse("frontend:search"), {"q": "policy optimization"}).content.decode()
    assert "Cited by 120</span>" in html
