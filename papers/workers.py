"""Which Celery workers answer right now (for status pages)."""

from __future__ import annotations

import threading

from django.core.cache import cache

CACHE_SECONDS = 10
_KEY = "paperscope:workers-seen"
_asking = threading.Lock()  # one ping under way per process


def workers_seen(timeout: float = 0.5, wait: bool = True) -> list[str]:
    """Names of workers that answered a ping; cached briefly so status pages stay fast.
    `wait=False` (a page): never wait on the broker; the ping runs in the background and
    this returns what the last one found (nothing before the first). A ping can take
    seconds while the broker reconnects (6.5 s measured by bench/scale.py)."""
    cached = cache.get(_KEY)
    if cached is not None:
        return cached
    if wait:
        return _ping(timeout)
    if _asking.acquire(blocking=False):
        threading.Thread(target=_ping_and_release, args=(timeout,), daemon=True).start()
    return cache.get(_KEY + ":last", [])


def _ping_and_release(timeout: float) -> None:
    try:
        _ping(timeout)
    finally:
        _asking.release()


def _ping(timeout: float) -> list[str]:
    from config.celery import app

    try:
        replies = app.control.inspect(timeout=timeout).ping() or {}
    except Exception:  # an unreachable broker means no worker can be seen
        replies = {}
    names = sorted(replies)
    cache.set(_KEY, names, CACHE_SECONDS)
    cache.set(_KEY + ":last", names, None)
    return names
