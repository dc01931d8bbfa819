"""MCP clients for the tests: the SDK's own, over HTTP against the live server and over
stdio against `manage.py mcp`."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import httpx2
import pytest
from django.db import connection
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from rest_framework.authtoken.models import Token

from config import embedded
from config.settings import BASE_DIR


def http_client(url: str, token: str | None = None) -> Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    http = httpx2.AsyncClient(headers=headers, timeout=httpx2.Timeout(60))
    return Client(streamable_http_client(f"{url}/mcp", http_client=http))


def stdio_client(user: str | None = None) -> Client:
    """`manage.py mcp` in a child process, on this test's database."""
    server = embedded.postgres()
    database = connection.settings_dict["NAME"]
    env = {**os.environ, "DATABASE_URL": f"postgres://{server.user}@/{database}?host={server.host}"}
    args = ["manage.py", "mcp", *(["--user", user] if user else [])]
    return Client(StdioServerParameters(command=sys.executable, args=args, env=env,
                                        cwd=str(BASE_DIR)))  # fmt: skip


def session(client: Client, steps: Callable[[Client], Awaitable[Any]]) -> Any:
    """Connect, run `steps` with the connected client, disconnect; their result."""

    async def run() -> Any:
        async with client:
            return await steps(client)

    return asyncio.run(run())


def call(client: Client, tool: str, arguments: dict | None = None):
    """One tool call on a fresh connection: the CallToolResult."""
    return session(client, lambda c: c.call_tool(tool, arguments or {}))


@pytest.fixture
def tokens(alice, bob) -> dict[str, str]:
    return {user.username: Token.objects.create(user=user).key for user in (alice, bob)}
