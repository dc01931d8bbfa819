"""GET /api/v1/papers/{id}/references/ and /citations/, and `ordering=citations`."""

import pytest
from django.urls import reverse

from tests.citation_graph import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def graph(corpus):
    return build(corpus)


def test_references_in_list_order_linked_when_held(client, graph):
    url = reverse("api:paper-references", args=["2501.00003"])
    body = client.get(url).json()
    ppo, agents, attention, lstm = body["results"]
    assert ppo["paper"]["id"] == "2501.00001" and ppo["paper"]["citation_count"] == 120
    assert ppo["paper"]["url"].endswith("/api/v1/papers/2501.00001/")
    assert agents["paper"]["id"] == "cs/9311102" and agents["paper"]["citation_count"] is None
    assert (attention["paper"], attention["arxiv_id"], attention["year"]) == (None, "1706.03762",
                                                                           2017)  # fmt: skip
    assert (lstm["doi"], lstm["title"], lstm["position"]) == (
        "10.1162/neco.1997.9.8.1735", "Long Short-Term Memory", 3)  # fmt: skip

    first = client.get(url, {"k": 2}).json()
    second = client.get(first["next"]).json()
    assert [r["position"] for r in first["results"] + second["results"]] == [0, 1, 2, 3]


def test_citations_newest_first_or_most_cited_first(client, graph):
    url = reverse("api:paper-citations", args=["2501.00001"])
    newest = client.get(url).json()["results"]
    assert [p["id"] for p in newest] == ["2501.00002", "2501.00003"]
    assert newest[0]["citation_count"] == 40 and newest[0]["reference_count"] == 2
    cited = client.get(url, {"ordering": "citations"}).json()["results"]
    assert [p["id"] for p in cited] == ["2501.00003", "2501.00002"]
    nobody = client.get(reverse("api:paper-citations", args=["2501.00002"])).json()
    assert nobody["results"] == []


def test_papers_most_cited_first_with_the_never_counted_last(client, graph):
    body = client.get(reverse("api:papers"), {"ordering": "citations"}).json()
    assert [p["id"] for p in body["results"]] == ["2501.00001", "2501.00003", "2501.00002",
                                                  "cs/9311102"]  # fmt: skip


@pytest.mark.parametrize(("name", "params", "status", "field"), [
    ("api:paper-references", {"k": "0"}, 400, "k"),
    ("api:paper-references", {"cursor": "junk"}, 400, "cursor"),
    ("api:paper-citations", {"ordering": "loudest"}, 400, "ordering"),
])  # fmt: skip
def test_bad_parameters_are_400s_naming_the_field(client, graph, name, params, status, field):
    response = client.get(reverse(name, args=["2501.00001"]), params)
    assert response.status_code == status and field in response.json()


def test_unknown_papers_are_404s_for_alice_and_bob(alice_client, bob_client, graph):
    for user_client in (alice_client, bob_client):
        for name in ("api:paper-references", "api:paper-citations", "api:paper-graph"):
            assert user_client.get(reverse(name, args=["2412.99999"])).status_code == 404


def test_the_schema_documents_both_lists(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    for path in ("/api/v1/papers/{paper_id}/references/", "/api/v1/papers/{paper_id}/citations/",
                 "/api/v1/papers/{paper_id}/graph/"):  # fmt: skip
        parameters = {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}
        assert "paper_id" in parameters, path
    citations = schema["paths"]["/api/v1/papers/{paper_id}/citations/"]["get"]
    assert {"cursor", "k", "ordering"} <= {p["name"] for p in citations["parameters"]}
