"""The Celery app. Tasks live in <app>/tasks.py; embedding work goes to the `embeddings`
queue so that GPU machines can serve that queue alone."""

import functools
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)
app = Celery("paperscope")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def request(task, what: str) -> bool:
    """Queue `task` with no arguments; False (logged) when the broker cannot be reached.
    For work that follows an event (a harvest, a drained queue): the event's caller must
    never fail for it, and the next event, or the sweep, asks again."""
    try:
        task.apply_async(retry=True, retry_policy={"max_retries": 1})
    except Exception as error:  # kombu/redis raise many kinds
        logger.warning("%s not requested, broker unreachable: %s", what, error)
        return False
    return True


@contextmanager
def advisory_lock(name: str) -> Iterator[bool]:
    """Hold PostgreSQL's session advisory lock `name` while the block runs; yields whether
    it was free. On a connection of its own: nothing the block does to Django's
    connection (closing it after an error, say) can let the lock go early, and a worker
    that dies lets it go with its connection."""
    import psycopg
    from django.db import connections

    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as conn:
        held = conn.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0))",
                            [name]).fetchone()[0]  # fmt: skip
        yield held


def one_at_a_time(task_function: Callable) -> Callable:
    """For a task that must never run twice at once (a harvest, digests, the map, a
    backup): a second copy, delivered to another worker while the first runs, returns
    None at once instead."""

    @functools.wraps(task_function)
    def wrapper(*args, **kwargs):
        name = f"{task_function.__module__}.{task_function.__name__}"
        with advisory_lock(name) as held:
            if not held:
                logger.warning("%s is already running; this copy does nothing", name)
                return None
            return task_function(*args, **kwargs)

    return wrapper
