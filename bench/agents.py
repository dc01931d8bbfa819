"""make bench-mcp: what MCP over HTTP costs on top of the REST API it shares services with.

Loads the shared papers (with their bundled vectors; `--papers` fewer for a quick run)
into a database of its own, then sends the same requests both ways through Django's full
request handling in this process (middleware, authentication, throttling, rendering):
`GET /api/v1/search/` against the `search_papers` tool at `POST /mcp`, and
`GET /api/v1/papers/{id}/` against `get_paper`, each query both ways in turn, caches warm.
The difference is the MCP layer: the SDK's transport on a private event loop, its argument
validation and JSON-RPC framing. Prints p50/p95 each way and the paired differences, and
ends with one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

# Before anything reads the settings: measure the work, not the API's rate limit.
os.environ["API_THROTTLE_ANON"] = os.environ["API_THROTTLE_USER"] = "1000000/minute"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import bench_database, load_corpus

DATABASE = "paperscope_bench_agents"
HEADERS = {"HTTP_ACCEPT": "application/json, text/event-stream",
           "HTTP_MCP_PROTOCOL_VERSION": "2025-06-18", "HTTP_HOST": "127.0.0.1"}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=106_764)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    with bench_database(DATABASE):
        load_corpus(args.papers)
        figures = {"papers": args.papers, "queries": args.queries} | measure(args.queries)
    print(json.dumps(figures))


def measure(count: int) -> dict:
    from django.test import Client

    from papers.models import Paper

    client = Client()
    papers = list(Paper.objects.order_by("?").values_list("arxiv_id", "title")[:count])
    timings: dict[str, list[float]] = {}

    def timed(name: str, call) -> dict:
        started = time.perf_counter()
        response = call()
        timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (name, response.status_code, response.content[:300])
        return response.json()

    def mcp(method: str, params: dict):
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
        return lambda: client.post("/mcp", body, content_type="application/json", **HEADERS)

    def tool(name: str, **arguments):
        return mcp("tools/call", {"name": name, "arguments": arguments})

    def rest(path: str, **params):
        return lambda: client.get(path, params, HTTP_HOST="127.0.0.1")

    for _, title in papers[:20]:  # warm: the model, the index readers, the caches
        rest("/api/v1/search/", q=title[:200], k=10)()
    for arxiv_id, title in papers:
        query = title[:200]
        rest("/api/v1/search/", q=query, k=10)()  # its query vector cached for both ways
        listed = timed("rest_search", rest("/api/v1/search/", q=query, k=10))
        found = timed("mcp_search", tool("search_papers", query=query, limit=10))
        found_ids = [r["arxiv_id"] for r in found["result"]["structuredContent"]["results"]]
        assert found_ids == [r["paper"]["id"] for r in listed["results"]], query
        timed("rest_paper", rest(f"/api/v1/papers/{arxiv_id}/"))
        timed("mcp_paper", tool("get_paper", arxiv_id=arxiv_id))
        timed("mcp_tools_list", mcp("tools/list", {}))
    out = {}
    for name, values in timings.items():
        values.sort()
        out[f"{name}_p50_ms"] = round(statistics.median(values), 1)
        out[f"{name}_p95_ms"] = round(values[int(0.95 * (len(values) - 1))], 1)
    for what in ("search", "paper"):
        paired = sorted(m - r for m, r in zip(timings[f"mcp_{what}"], timings[f"rest_{what}"],
                                              strict=True))  # fmt: skip
        out[f"mcp_minus_rest_{what}_p50_ms"] = round(statistics.median(paired), 1)
    for name, value in out.items():
        print(f"{name:32} {value}")
    return out


if __name__ == "__main__":
    main()
