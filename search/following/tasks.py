"""Celery tasks of following: sending the due digests (search.following.receivers queues
it after each harvest, and after imports when DIGESTS_AFTER_IMPORT asks)."""

from __future__ import annotations

from celery import shared_task

from search.following.digests import send_digests


@shared_task(soft_time_limit=1800, time_limit=1860)
def send_digests_task() -> int:
    return send_digests().sent
