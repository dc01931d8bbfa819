"""The MCP tools paper_references and paper_citations, over HTTP with alice's and bob's
tokens and none: the same answers as the REST API's lists."""

import pytest
import requests

from tests.citation_graph import build
from tests.search.agents.conftest import call, http_client

pytestmark = pytest.mark.django_db(transaction=True)


def test_references_as_the_rest_api_lists_them(live_server, corpus, tokens):
    build(corpus)
    api = requests.get(f"{live_server.url}/api/v1/papers/2501.00003/references/").json()
    for token in (tokens["alice"], tokens["bob"], None):
        result = call(http_client(live_server.url, token), "paper_references",
                      {"arxiv_id": "2501.00003"})  # fmt: skip
        assert not result.is_error
        found = result.structured_content
        assert (found["reference_count"], found["total"]) == (4, 4)
        assert [r["title"] for r in found["results"]] == [
            r["paper"]["title"] if r["paper"] else r["title"] for r in api["results"]]  # fmt: skip
    ppo, _, attention, lstm = found["results"]
    assert (ppo["held"], ppo["url"], ppo["citation_count"]) == (
        True, f"{live_server.url}/papers/2501.00001/", 120)  # fmt: skip
    assert (attention["held"], attention["url"]) == (False, "https://arxiv.org/abs/1706.03762")
    assert lstm["url"] == "https://doi.org/10.1162/neco.1997.9.8.1735" and lstm["year"] == 1997
    page = call(http_client(live_server.url), "paper_references",
                {"arxiv_id": "2501.00003", "limit": 2, "offset": 2}).structured_content  # fmt: skip
    assert [r["position"] for r in page["results"]] == [2, 3]


def test_citations_newest_or_most_cited_first(live_server, corpus):
    build(corpus)
    client = http_client(live_server.url)
    newest = call(client, "paper_citations", {"arxiv_id": "2501.00001"}).structured_content
    assert (newest["citation_count"], newest["total"]) == (120, 2)
    assert [p["arxiv_id"] for p in newest["results"]] == ["2501.00002", "2501.00003"]
    cited = call(http_client(live_server.url), "paper_citations",
                 {"arxiv_id": "2501.00001", "sort": "citations"}).structured_content  # fmt: skip
    assert [p["citation_count"] for p in cited["results"]] == [75, 40]


@pytest.mark.parametrize(("tool", "arguments", "message"), [
    ("paper_references", {"arxiv_id": "2412.99999"}, "arxiv_id: paper '2412.99999' not found"),
    ("paper_references", {"arxiv_id": "2501.00003", "offset": -1},
     "offset must be between 0 and 100000"),
    ("paper_citations", {"arxiv_id": "2501.00001", "sort": "loudest"}, "sort must be one of"),
])  # fmt: skip
def test_bad_arguments_say_which(live_server, corpus, tool, arguments, message):
    result = call(http_client(live_server.url), tool, arguments)
    assert result.is_error and message in result.content[0].text
