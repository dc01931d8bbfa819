"""Celery tasks of the map: keeping it current after embedding."""

from __future__ import annotations

from celery import shared_task

from config.celery import one_at_a_time
from search.map.services import update_map


@shared_task(acks_late=True, soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
@one_at_a_time
def update_map_task(rebuild: bool = False) -> str:
    """Queued by search.map.receivers once the embeddings queue has drained."""
    done = update_map(rebuild=rebuild)
    return f"{done.action} {done.papers} papers in {done.seconds:.1f}s"
