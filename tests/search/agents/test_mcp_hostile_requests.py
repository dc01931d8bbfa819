"""Whatever arrives at /mcp, the answer is an HTTP error or a JSON-RPC error from the SDK,
never a 500: garbage bodies, wrong methods and media types, unknown tools, huge input."""

import json

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

ACCEPT = "application/json, text/event-stream"


def post(client, body, content_type="application/json", accept=ACCEPT):
    return client.post("/mcp", body, content_type=content_type, HTTP_ACCEPT=accept)


def rpc(method: str, params=None, id_=1) -> str:
    message = {"jsonrpc": "2.0", "id": id_, "method": method}
    return json.dumps(message | ({"params": params} if params is not None else {}))


HOSTILE_BODIES = [
    b"", b"null", b"[]", b"{}", b"\x00\xff\xfe", b"{" * 10_000, b'"just a string"',
    b'{"jsonrpc": "2.0"}', b'{"jsonrpc": "1.0", "id": 1, "method": "tools/list"}',
    rpc("no/such/method").encode(), rpc("tools/call", {"name": "no_such_tool"}).encode(),
    rpc("tools/call", {"name": "search_papers", "arguments": "not an object"}).encode(),
    rpc("tools/call", {"name": "get_paper", "arguments": {"arxiv_id": "\x00" * 100}}).encode(),
    rpc("tools/call", {"name": "search_papers",
                       "arguments": {"query": "x" * 200_000}}).encode(),
    json.dumps([json.loads(rpc("tools/list"))] * 3).encode(),
]  # fmt: skip


@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=range(len(HOSTILE_BODIES)))
def test_hostile_bodies_get_errors_not_server_errors(client, body):
    response = post(client, body)
    assert response.status_code < 500, response.content[:300]
    if response.status_code == 200 and response.content:
        answer = json.loads(response.content)
        answers = answer if isinstance(answer, list) else [answer]
        for one in answers:
            assert "error" in one or one.get("result", {}).get("isError") or "result" in one


def test_unknown_tools_and_bad_argument_types_are_reported(client):
    answer = json.loads(post(client, rpc("tools/call", {"name": "no_such_tool"})).content)
    text = json.dumps(answer)
    assert "no_such_tool" in text
    answer = json.loads(post(client, rpc("tools/call", {
        "name": "search_papers", "arguments": {"query": "x" * 200_000}})).content)  # fmt: skip
    assert answer["result"]["isError"] is True
    assert "query must be at most 5000 long" in answer["result"]["content"][0]["text"]


@pytest.mark.parametrize("method", ["get", "delete", "put", "patch"])
def test_other_methods_are_refused_at_once(client, method):
    # A stateless server has no event stream to open (GET) and no session to end (DELETE).
    response = getattr(client, method)("/mcp", HTTP_ACCEPT=ACCEPT)
    assert response.status_code == 405 and "POST" in response["Allow"]


def test_wrong_media_types_are_refused(client):
    wrong_body = post(client, rpc("tools/list"), content_type="text/plain")
    assert wrong_body.status_code in (400, 415) and b"Content-Type" in wrong_body.content
    assert wrong_body["Content-Type"].startswith("text/plain")  # never HTML
    assert post(client, rpc("tools/list"), accept="text/html").status_code == 406
