"""`manage.py mcp` over stdio, through the SDK's own client: a desktop assistant's
session, as the user --user names, or read-only without it."""

import pytest
import requests
from django.core.management import CommandError, call_command

from tests.search.agents.conftest import session, stdio_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_as_alice_an_agent_finds_reads_and_keeps_a_library(live_server, corpus, tokens):
    async def steps(client):
        found = await client.call_tool("search_papers", {"query": "diffusion image generation",
                                                         "limit": 2})  # fmt: skip
        first = found.structured_content["results"][0]["arxiv_id"]
        paper = await client.call_tool("get_paper", {"arxiv_id": first})
        similar = await client.call_tool("similar_papers", {"arxiv_id": first, "limit": 2})
        saved = await client.call_tool("save_paper", {"arxiv_id": first, "tags": ["gen"]})
        library = await client.call_tool("list_library", {})
        return first, paper, similar, saved, library

    first, paper, similar, saved, library = session(stdio_client("alice"), steps)
    assert first == "2501.00003"
    assert paper.structured_content["title"] == "Denoising diffusion models"
    assert len(similar.structured_content["results"]) == 2
    assert not saved.is_error
    assert [b["arxiv_id"] for b in library.structured_content["results"]] == ["2501.00003"]
    api = requests.get(f"{live_server.url}/api/v1/bookmarks/",
                       headers={"Authorization": f"Bearer {tokens['alice']}"}).json()  # fmt: skip
    assert [(b["paper"]["id"], b["tags"]) for b in api["results"]] == [("2501.00003", ["gen"])]


def test_without_a_user_it_reads_and_refuses_writes(corpus):
    async def steps(client):
        found = await client.call_tool("search_papers", {"query": "vision transformers"})
        saved = await client.call_tool("save_paper", {"arxiv_id": "2501.00002"})
        return found, saved

    found, saved = session(stdio_client(), steps)
    assert found.structured_content["results"][0]["arxiv_id"] == "2501.00002"
    assert saved.is_error and "needs a user" in saved.content[0].text


def test_an_unknown_user_is_refused_before_serving(db):
    with pytest.raises(CommandError, match="--user: no user 'nobody'"):
        call_command("mcp", "--user", "nobody")
