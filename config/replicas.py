"""Read replicas (DATABASE_REPLICA_URLS): PostgreSQL streaming replicas take the reads
that tolerate a second of lag, the primary everything else.

Lag-tolerant: the corpus and the map (papers, their links, citations and vectors, harvest
runs, map layouts, points and regions), read by a page or API GET: search hydration,
listings, feeds, the map. Everything a user writes (accounts, sessions, tokens,
bookmarks, saved searches, feedback, keys) is read from the primary, so a page right
after a write (the library after a bookmark) reads it back; so are all reads of workers
and commands, and of any POST, which may read what it has just written. Raw SQL goes
where `read_alias()` says.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

LAG_TOLERANT = {
    "papers.paper", "papers.embedding", "papers.harvestrun", "papers.paperlink",
    "papers.repository", "papers.citation", "map.maplayout", "map.mappoint", "map.mapregion",
}  # fmt: skip
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_replica: ContextVar[str | None] = ContextVar("replica", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within: lag-tolerant reads go to one replica (the same for the whole block, so a
    page never mixes two replicas' states); a no-op without replicas."""
    aliases = replica_aliases()
    token = _replica.set(random.choice(aliases) if aliases else None)
    try:
        yield
    finally:
        _replica.reset(token)


def read_alias(label: str) -> str:
    """The database a read of this model ('app.model', lower case) goes to now."""
    replica = _replica.get()
    return replica if replica and label in LAG_TOLERANT else "default"


class ReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        return read_alias(model._meta.label_lower)

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every database holds the same rows

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"  # replicas copy the primary, schema and all


class ReplicaReadsMiddleware:
    """Safe-method requests read lag-tolerant models from a replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in SAFE_METHODS or not replica_aliases():
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)
