"""The MCP server at /mcp, through the SDK's own client over Streamable HTTP against the
live server: the same results as the site's REST API."""

import pytest
import requests

from tests.search.agents.conftest import call, http_client, session

pytestmark = pytest.mark.django_db(transaction=True)

TOOLS = {"search_papers", "get_paper", "similar_papers", "daily_papers", "list_library",
         "save_paper", "remove_paper", "recommend_papers", "list_saved_searches",
         "save_search", "paper_references", "paper_citations", "author_papers",
         "reading_list"}  # fmt: skip
READ_ONLY = {"search_papers", "get_paper", "similar_papers", "daily_papers", "list_library",
             "recommend_papers", "list_saved_searches", "paper_references",
             "paper_citations", "author_papers", "reading_list"}  # fmt: skip


def test_tools_are_listed_with_schemas_and_read_only_hints(live_server, corpus):
    listed = session(http_client(live_server.url), lambda c: c.list_tools()).tools
    assert {tool.name for tool in listed} == TOOLS
    for tool in listed:
        assert tool.description and tool.input_schema["type"] == "object"
        assert tool.output_schema is not None
        assert bool(tool.annotations.read_only_hint) == (tool.name in READ_ONLY), tool.name
    search = next(tool for tool in listed if tool.name == "search_papers")
    limit = search.input_schema["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"]) == (1, 50)


def test_search_finds_what_the_rest_api_finds(live_server, corpus):
    result = call(http_client(live_server.url), "search_papers",
                  {"query": "reinforcement learning policy", "limit": 3})  # fmt: skip
    assert not result.is_error
    found = result.structured_content
    api = requests.get(f"{live_server.url}/api/v1/search/",
                       params={"q": "reinforcement learning policy", "k": 3}).json()  # fmt: skip
    assert [r["arxiv_id"] for r in found["results"]] == [r["paper"]["id"] for r in api["results"]]
    assert found["total"] == api["total"]
    assert found["results"][0]["arxiv_id"] == "2501.00001"
    first = found["results"][0]
    assert first["url"] == f"{live_server.url}/papers/2501.00001/"
    assert first["reason"] and first["score"] > 0


def test_a_paper_reads_with_bibtex_and_its_neighbours_leave_it_out(live_server, corpus):
    paper = call(http_client(live_server.url), "get_paper", {"arxiv_id": "2501.00003"})
    assert paper.structured_content["title"] == "Denoising diffusion models"
    assert "eprint = {2501.00003}" in paper.structured_content["bibtex"]
    similar = call(http_client(live_server.url), "similar_papers",
                   {"arxiv_id": "2501.00003", "limit": 3}).structured_content  # fmt: skip
    api = requests.get(f"{live_server.url}/api/v1/papers/2501.00003/similar/",
                       params={"k": 3}).json()  # fmt: skip
    ids = [r["arxiv_id"] for r in similar["results"]]
    assert "2501.00003" not in ids and len(ids) == 3
    assert ids == [r["paper"]["id"] for r in api["results"]]


def test_daily_lists_as_the_daily_api_does(live_server, corpus):
    daily = call(http_client(live_server.url), "daily_papers",
                 {"date": "2025-06-01", "sort": "newest"}).structured_content  # fmt: skip
    api = requests.get(f"{live_server.url}/api/v1/daily/",
                       params={"date": "2025-06-01", "sort": "newest"}).json()  # fmt: skip
    assert daily["date"] == api["start"] == "2025-06-01"
    assert [r["arxiv_id"] for r in daily["results"]] == [r["id"] for r in api["results"]]
    assert [r["arxiv_id"] for r in daily["results"]] == ["2501.00002"]


def test_an_authors_papers_read_as_the_rest_api_reads_them(live_server, corpus):
    found = call(http_client(live_server.url), "author_papers",
                 {"name": "Lovelace, Ada", "order": "newest"})  # fmt: skip
    assert not found.is_error
    api = requests.get(f"{live_server.url}/api/v1/authors/Ada Lovelace/").json()
    mcp = found.structured_content
    assert mcp["name"] == api["name"] == "Ada Lovelace"
    assert [p["arxiv_id"] for p in mcp["papers"]] == [p["id"] for p in api["papers"]]
    assert mcp["total"] == len(corpus)
    missing = call(http_client(live_server.url), "author_papers", {"name": "Nobody Atall"})
    assert missing.is_error and "no papers by" in missing.content[0].text


def test_search_by_venue_and_person_and_a_bad_venue_named(live_server, corpus):
    from tests.factories import PaperFactory
    from tests.helpers import index_keywords

    PaperFactory(arxiv_id="2501.00099", title="Denoising diffusion at ICLR",
                 abstract="Diffusion models again.", comments="ICLR 2025 (oral)",
                 authors=["Bengio, Yoshua"])  # fmt: skip
    index_keywords()
    found = call(http_client(live_server.url), "search_papers",
                 {"query": "diffusion", "mode": "keyword", "venue": "ICLR 2025"})  # fmt: skip
    (hit,) = found.structured_content["results"]
    assert hit["arxiv_id"] == "2501.00099" and hit["venue"] == "Accepted at ICLR 2025 (oral)"
    by_person = call(http_client(live_server.url), "search_papers",
                     {"query": "diffusion", "mode": "keyword", "person": "Y. Bengio"})  # fmt: skip
    assert [h["arxiv_id"] for h in by_person.structured_content["results"]] == ["2501.00099"]
    bad = call(http_client(live_server.url), "search_papers", {"query": "x", "venue": "Nope"})
    assert bad.is_error and bad.content[0].text.startswith("venue:")
