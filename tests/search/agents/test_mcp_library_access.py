"""Who may do what through MCP: a token's user keeps a library; nobody else reads or
writes it; a bad token is refused; a write shows through the REST API."""

import datetime as dt

import pytest
import requests

from papers.embeddings import embed_papers_now
from tests.factories import PaperFactory
from tests.search.agents.conftest import call, http_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_alice_saves_through_mcp_and_the_rest_api_shows_it(live_server, corpus, tokens):
    alice = http_client(live_server.url, tokens["alice"])
    saved = call(alice, "save_paper", {"arxiv_id": "2501.00002", "tags": ["Vision", "to-read"],
                                       "note": "patches"})  # fmt: skip
    assert not saved.is_error
    assert saved.structured_content["tags"] == ["vision", "to-read"]  # the site's rules
    api = requests.get(f"{live_server.url}/api/v1/bookmarks/",
                       headers={"Authorization": f"Token {tokens['alice']}"}).json()  # fmt: skip
    assert [(b["paper"]["id"], b["tags"], b["note"]) for b in api["results"]] == [
        ("2501.00002", ["vision", "to-read"], "patches")
    ]
    library = call(http_client(live_server.url, tokens["alice"]), "list_library",
                   {"tag": "vision"}).structured_content  # fmt: skip
    assert [b["arxiv_id"] for b in library["results"]] == ["2501.00002"]
    assert library["total"] == 1


def test_bobs_token_never_sees_or_changes_alices_library(live_server, corpus, tokens):
    call(http_client(live_server.url, tokens["alice"]), "save_paper", {"arxiv_id": "2501.00001"})
    bob = http_client(live_server.url, tokens["bob"])
    assert call(bob, "list_library").structured_content == {"results": [], "total": 0}
    removed = call(http_client(live_server.url, tokens["bob"]), "remove_paper",
                   {"arxiv_id": "2501.00001"})  # fmt: skip
    assert removed.structured_content == {"removed": False}
    alice_library = call(http_client(live_server.url, tokens["alice"]), "list_library")
    assert [b["arxiv_id"] for b in alice_library.structured_content["results"]] == ["2501.00001"]


def test_remove_then_the_rest_api_has_nothing(live_server, corpus, tokens):
    alice = tokens["alice"]
    call(http_client(live_server.url, alice), "save_paper", {"arxiv_id": "2501.00001"})
    removed = call(http_client(live_server.url, alice), "remove_paper", {"arxiv_id": "2501.00001"})
    assert removed.structured_content == {"removed": True}
    api = requests.get(f"{live_server.url}/api/v1/bookmarks/2501.00001/",
                       headers={"Authorization": f"Bearer {alice}"})  # fmt: skip
    assert api.status_code == 404


@pytest.mark.parametrize("tool, arguments", [
    ("save_paper", {"arxiv_id": "2501.00001"}),
    ("remove_paper", {"arxiv_id": "2501.00001"}),
    ("save_search", {"name": "rl", "query": "policy"}),
    ("list_library", {}),
    ("recommend_papers", {}),
    ("list_saved_searches", {}),
])  # fmt: skip
def test_without_a_token_library_tools_say_they_need_one(live_server, corpus, tool, arguments):
    result = call(http_client(live_server.url), tool, arguments)
    assert result.is_error
    assert "needs a user" in result.content[0].text and "API token" in result.content[0].text


def test_a_bad_token_is_refused_before_any_tool_runs(live_server, corpus):
    answer = requests.post(f"{live_server.url}/mcp", json={
        "jsonrpc": "2.0", "id": 1, "method": "tools/list"},
        headers={"Authorization": "Bearer not-a-token",
                 "Accept": "application/json, text/event-stream"})  # fmt: skip
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"] == "Bearer"


def test_saved_searches_and_recommendations_through_mcp(live_server, corpus, tokens):
    alice = tokens["alice"]
    saved = call(http_client(live_server.url, alice), "save_search",
                 {"name": "Diffusion", "query": "diffusion", "mode": "keyword",
                  "alert": "weekly"}).structured_content  # fmt: skip
    assert saved["name"] == "Diffusion" and saved["alert"] == "weekly"
    assert saved["feed_url"].startswith(f"{live_server.url}/feeds/saved/{saved['id']}/")
    api = requests.get(f"{live_server.url}/api/v1/saved-searches/",
                       headers={"Authorization": f"Bearer {alice}"}).json()  # fmt: skip
    assert [(s["name"], s["q"], s["mode"]) for s in api] == [("Diffusion", "diffusion", "keyword")]
    listed = call(http_client(live_server.url, alice), "list_saved_searches").structured_content
    assert [(s["id"], s["new_count"]) for s in listed["results"]] == [(saved["id"], 0)]
    assert requests.get(saved["feed_url"]).status_code == 200

    recent = PaperFactory(arxiv_id="2611.00001", title="Faster diffusion sampling",
                          abstract="Image generation by reversing a noising process in few "
                          "steps.", published=dt.date.today() - dt.timedelta(days=3))  # fmt: skip
    embed_papers_now([recent.id])
    call(http_client(live_server.url, alice), "save_paper", {"arxiv_id": "2501.00003"})
    found = call(http_client(live_server.url, alice), "recommend_papers",
                 {"days": 365 * 40, "limit": 5})  # fmt: skip
    assert found.is_error and "days must be between 1 and 365" in found.content[0].text
    found = call(http_client(live_server.url, alice), "recommend_papers", {"days": 365})
    api = requests.get(f"{live_server.url}/api/v1/recommendations/", params={"days": 365},
                       headers={"Authorization": f"Bearer {alice}"}).json()  # fmt: skip
    results = found.structured_content["results"]
    assert [r["arxiv_id"] for r in results] == [r["paper"]["id"] for r in api] == ["2611.00001"]
    assert results[0]["because"] == ["2501.00003"]
