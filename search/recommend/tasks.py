"""Celery tasks of recommendations: ranking "For you" ahead of active users' visits."""

from __future__ import annotations

from celery import shared_task

from config.celery import one_at_a_time
from search.recommend.services import for_you_rank_active


@shared_task(soft_time_limit=3600, time_limit=3660)
@one_at_a_time
def for_you_rank_task() -> int | None:
    """Queued by search.recommend.receivers once the embeddings queue has drained."""
    return for_you_rank_active()
