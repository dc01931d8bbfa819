"""GET /api/v1/papers/{id}/graph/: a paper's references, citers and nearest papers by
meaning, with the citations among them, for the page to draw."""

import pytest
from django.urls import reverse

from tests.citation_graph import build

pytestmark = pytest.mark.django_db


def graph_of(client, arxiv_id: str) -> dict:
    response = client.get(reverse("api:paper-graph", args=[arxiv_id]))
    assert response.status_code == 200
    return response.json()


def test_references_citers_and_neighbours_with_the_citations_among_them(client, corpus):
    build(corpus)
    body = graph_of(client, "2501.00003")
    nodes = {n["id"]: n for n in body["nodes"]}
    assert (body["paper"], body["references"], body["citers"]) == ("2501.00003", 4, 1)
    assert nodes["2501.00003"]["relation"] == "self"
    assert nodes["2501.00001"]["relation"] == "reference"
    assert nodes["2501.00001"]["citation_count"] == 120 and nodes["2501.00001"]["year"] == 2025
    assert nodes["cs/9311102"]["relation"] == "reference"
    assert nodes["2501.00002"]["relation"] == "citer"
    assert nodes["2501.00002"]["url"] == reverse("frontend:paper", args=["2501.00002"])
    attention, lstm = nodes["arxiv:1706.03762"], nodes["doi:10.1162/neco.1997.9.8.1735"]
    assert (attention["held"], attention["url"]) == (False, "https://arxiv.org/abs/1706.03762")
    assert lstm["url"] == "https://doi.org/10.1162/neco.1997.9.8.1735" and lstm["year"] == 1997
    cites = {(e["source"], e["target"]) for e in body["edges"] if e["kind"] == "cites"}
    assert cites == {
        ("2501.00003", "2501.00001"), ("2501.00003", "cs/9311102"),
        ("2501.00002", "2501.00003"), ("2501.00002", "2501.00001"),
        ("2501.00003", "arxiv:1706.03762"), ("2501.00003", "doi:10.1162/neco.1997.9.8.1735"),
    }  # fmt: skip
    # Every node appears once; every edge joins two of them.
    assert len(nodes) == len(body["nodes"])
    assert all(e["source"] in nodes and e["target"] in nodes for e in body["edges"])


def test_without_citations_the_neighbourhood_is_its_nearest_papers(client, corpus):
    body = graph_of(client, "2501.00002")
    relations = [n["relation"] for n in body["nodes"]]
    assert relations == ["self"] + ["similar"] * 3
    similar = [e for e in body["edges"] if e["kind"] == "similar"]
    assert len(similar) == 3 and all(0 < e["similarity"] <= 1 for e in similar)
    assert (body["references"], body["citers"]) == (0, 0)


def test_alice_and_bob_get_the_same_public_graph(alice_client, bob_client, corpus):
    build(corpus)
    assert graph_of(alice_client, "2501.00001") == graph_of(bob_client, "2501.00001")
