"""Celery tasks of following: sending the due digests (search.following.receivers queues
it after each harvest, and after imports when DIGESTS_AFTER_IMPORT asks), and keeping
saved searches' new papers current after imports and embedding batches."""

from __future__ import annotations

from celery import shared_task

from config.celery import one_at_a_time
from search.following.digests import send_digests
from search.following.services import new_papers_update_all


@shared_task(soft_time_limit=1800, time_limit=1860)
@one_at_a_time
def send_digests_task() -> int:
    return send_digests().sent


@shared_task(soft_time_limit=600, time_limit=660)
@one_at_a_time
def update_new_papers_task() -> int:
    return new_papers_update_all()
