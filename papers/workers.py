"""Which Celery workers answer right now (for status pages)."""

from __future__ import annotations

from django.core.cache import cache

CACHE_SECONDS = 10


def workers_seen(timeout: float = 0.5) -> list[str]:
    """Names of workers that answered a ping; cached briefly so status pages stay fast."""
    cached = cache.get("paperscope:workers-seen")
    if cached is not None:
        return cached
    from config.celery import app

    try:
        replies = app.control.inspect(timeout=timeout).ping() or {}
    except Exception:  # an unreachable broker means no worker can be seen
        replies = {}
    names = sorted(replies)
    cache.set("paperscope:workers-seen", names, CACHE_SECONDS)
    return names
