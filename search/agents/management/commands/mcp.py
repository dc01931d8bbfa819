"""`manage.py mcp [--user NAME]`: the MCP server over stdio, for desktop assistants that
launch a command. With --user, the library tools act as that user; without, the agent may
read and never write. stdout carries the protocol: logs go to stderr."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from search.agents.server import build_server
from search.agents.tools import Caller


class Command(BaseCommand):
    help = "Serve the MCP tools over stdio (for a desktop assistant)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--user", help="act as this user (username) in the library tools")

    def handle(self, *args, user: str | None = None, **options) -> None:
        account = None
        if user is not None:
            account = get_user_model().objects.filter(username=user).first()
            if account is None:
                raise CommandError(f"--user: no user {user!r}")
        caller = Caller(account, settings.SITE_URL)
        build_server(lambda ctx: caller).run("stdio")
