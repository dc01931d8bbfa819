"""MCP over Streamable HTTP at /mcp, served by the Django deployment itself.

A Django (DRF) view, not an ASGI mount: the site runs under WSGI (gunicorn, and Django's
live server in tests), and the MCP SDK's stateless JSON mode needs no connection kept
between requests. The view authenticates like the REST API (`Authorization: Bearer
<API token>`; a bad token is a 401 before the SDK sees anything), is throttled like it,
and hands the request to the SDK's own transport on a private event loop: the SDK parses,
validates and answers every message, so no part of the protocol is ours.
"""

from __future__ import annotations

import asyncio
import functools

from asgiref.sync import async_to_sync
from django.http import HttpResponse
from drf_spectacular.utils import extend_schema
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.views import APIView

from config.client import BearerTokenAuthentication
from search.agents.server import build_server
from search.agents.tools import Caller

_CALLER = "paperscope.caller"  # the ASGI scope's key for who asks


def _caller_of(ctx: Context) -> Caller:
    return ctx.request_context.request.scope[_CALLER]


@functools.cache
def mcp_server() -> MCPServer:
    """One server per process (its tools and schemas are built once)."""
    return build_server(_caller_of, in_request=True)


def answer(request: Request, caller: Caller) -> HttpResponse:
    """The SDK's answer to this HTTP request, as a Django response."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
        "method": request.method, "scheme": request.scheme, "path": request.path,
        "raw_path": request.path.encode(), "root_path": "",
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1"),
        "headers": [(name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in request.headers.items()],
        "server": (request.get_host().rsplit(":", 1)[0], int(request.get_port())),
        "client": (request.META.get("REMOTE_ADDR", ""), 0),
        _CALLER: caller,
    }  # fmt: skip
    unread = [request.body]
    started: dict = {}
    chunks: list[bytes] = []

    async def serve() -> None:
        answered = asyncio.Event()

        async def receive() -> dict:
            if unread:
                return {"type": "http.request", "body": unread.pop(), "more_body": False}
            await answered.wait()  # the client "disconnects" once it has its answer
            return {"type": "http.disconnect"}

        async def send(message: dict) -> None:
            if message["type"] == "http.response.start":
                started.update(status=message["status"], headers=message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    answered.set()

        # A manager a request: it runs once, and stateless mode keeps nothing between
        # requests anyway. `_lowlevel_server` is how the SDK's own client reaches it.
        manager = StreamableHTTPSessionManager(
            app=mcp_server()._lowlevel_server, json_response=True, stateless=True
        )
        async with manager.run():
            await manager.handle_request(scope, receive, send)

    # On a loop of its own, the tools' ORM work handed back to this thread (and its
    # connection) by sync_to_async, as Django's own async views do.
    async_to_sync(serve)()
    # Plain text unless the SDK says otherwise (some of its refusals are bare text).
    response = HttpResponse(b"".join(chunks), status=started.get("status", 500),
                            content_type="text/plain; charset=utf-8")  # fmt: skip
    for name, value in started.get("headers", []):
        if name.lower() not in (b"content-length", b"connection"):
            response[name.decode("latin-1")] = value.decode("latin-1")
    return response


@extend_schema(exclude=True)  # MCP has its own schema (tools/list), not OpenAPI's
class McpView(APIView):
    """The MCP endpoint. Anyone may read; a token's user may also keep a library."""

    authentication_classes = [BearerTokenAuthentication]
    permission_classes = [AllowAny]

    # POST only: a stateless server keeps no sessions to DELETE and opens no stream for a
    # GET (the spec's answer to both is 405, which DRF gives). A GET handed to the SDK
    # would open an event stream that never ends.
    def post(self, request: Request) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        return answer(request, Caller(user, request.build_absolute_uri("/").rstrip("/")))
