"""Bad arguments come back as tool results with isError set and a message that names the
argument: never a protocol error, never a traceback."""

import pytest

from tests.search.agents.conftest import http_client, session

pytestmark = pytest.mark.django_db(transaction=True)

CASES = [
    ("search_papers", {"query": "rl", "limit": 0}, "limit must be between 1 and 50"),
    ("search_papers", {"query": "rl", "limit": 51}, "limit must be between 1 and 50"),
    ("search_papers", {"query": "rl", "limit": "many"}, "limit must be a whole number"),
    ("search_papers", {"query": "rl", "mode": "fuzzy"}, "mode must be one of"),
    ("search_papers", {"query": "rl", "after": "2025-13-01"}, "after must be a date"),
    ("search_papers", {"limit": 3}, "query is required"),
    ("search_papers", {"query": ""}, "query: give a query, a filter, or both"),
    ("search_papers", {"query": "cat:not_a_category"}, "query: cat:"),
    ("search_papers", {"query": "rl", "after": "2025-02-01", "before": "2025-01-01"},
     "after: must not be later than before"),
    ("search_papers", {"query": "rl", "category": ["no such category!"]}, "category:"),
    ("get_paper", {"arxiv_id": "2401.99999"}, "not found"),
    ("get_paper", {"arxiv_id": "not an id"}, "not found"),
    ("get_paper", {}, "arxiv_id is required"),
    ("similar_papers", {"arxiv_id": "2501.00001", "limit": 500}, "limit must be between 1 and 50"),
    ("daily_papers", {"category": "math.XX"}, "category:"),
    ("daily_papers", {"sort": "oldest"}, "sort must be one of"),
    ("save_paper", {"arxiv_id": "2501.00001", "tags": ["x" * 51]}, "tags"),
    ("save_paper", {"arxiv_id": "2501.00001", "tags": [str(n) for n in range(21)]}, "tags"),
    ("save_paper", {"arxiv_id": "2401.99999"}, "not found"),
    ("save_search", {"name": "bad", "query": "after:someday"}, "query: after:"),
    ("save_search", {"name": ""}, "name must not be empty"),
    ("list_library", {"limit": 1000}, "limit must be between 1 and 200"),
]  # fmt: skip


def test_every_bad_argument_is_a_tool_error_naming_it(live_server, corpus, tokens):
    async def calls(client):
        return [await client.call_tool(tool, arguments) for tool, arguments, _ in CASES]

    results = session(http_client(live_server.url, tokens["alice"]), calls)
    for (tool, arguments, expected), result in zip(CASES, results, strict=True):
        text = result.content[0].text
        assert result.is_error, (tool, arguments)
        assert expected in text, (tool, arguments, text)
        assert "Traceback" not in text and "pydantic" not in text, text
