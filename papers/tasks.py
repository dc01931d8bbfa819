"""Celery tasks of the corpus. They take ids, not objects, and may run more than once."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Sequence

from celery import shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from config.celery import one_at_a_time
from papers import backups, vector_index
from papers.embeddings import (
    chunks,
    embed_papers_now,
    newest_first,
    paper_ids_needing_embedding,
)
from papers.models import WorkerHeartbeat
from papers.services import prune_deletions
from papers.signals import papers_embedded

logger = logging.getLogger(__name__)

# How many missing papers one sweep queues at most; the next sweep takes the rest.
SWEEP_LIMIT = 50_000

EMBEDDINGS_QUEUE = "embeddings"  # settings.CELERY_TASK_ROUTES sends embed_papers there
# (age in days at most, priority): on the Redis transport 0 is served first, and the
# settings give it all ten steps (CELERY_BROKER_TRANSPORT_OPTIONS["priority_steps"]), so
# a backfill is also taken roughly newest first across the importer's batches.
PRIORITY_BY_AGE = ((7, 0), (31, 1), (92, 2), (365, 3), (2 * 365, 4), (3 * 365, 5),
                   (5 * 365, 6), (10 * 365, 7))  # fmt: skip
OLDEST_PRIORITY = 8  # older than all of those
UNDATED_PRIORITY = 9


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),  # the database restarting, say
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=20,
    soft_time_limit=600,
    time_limit=660,
)
def embed_papers(paper_ids: list[int], force: bool = False) -> int:
    written = embed_papers_now(paper_ids, force=force)
    if written:
        with contextlib.suppress(Exception):  # a broker gone now: the next sweep asks
            papers_embedded.send(embed_papers, paper_ids=paper_ids,
                                 backlog=embeddings_queue_length())  # fmt: skip
    return written


def enqueue_embedding(paper_ids: Sequence[int], force: bool = False) -> bool:
    """Queue embedding work for these papers, papers_per_task() a task, newest first and
    each task at the priority of its newest paper's age: a new day is embedded before a
    backfill queued earlier, which never starves it. False when the broker cannot be
    reached: the papers are stored all the same, and the sweeper will find them. A backlog
    large enough is written without the HNSW index (papers/vector_index.py)."""
    vector_index.start_bulk_load(len(paper_ids))
    ordered = newest_first(paper_ids)
    today = timezone.now().date()
    try:
        for chunk in chunks(ordered):
            embed_papers.apply_async(
                ([pid for pid, _ in chunk],), {"force": force},
                priority=recency_priority(chunk[0][1], today),
                retry=True, retry_policy={"max_retries": 1},
            )  # fmt: skip
    except Exception as error:  # kombu/redis raise many kinds; none may fail an import
        logger.warning("embedding deferred, broker unreachable: %s", error)
        return False
    return True


@shared_task(soft_time_limit=300, time_limit=330)
@one_at_a_time
def sweep() -> int:
    """Periodic safety net: re-queue papers whose vector is missing or stale when the
    embeddings queue has drained (so a lost message or a dead worker delays work but
    never loses it, and a backlog is not queued twice); build the HNSW index once a bulk
    load has drained; bring the map of the field up to date; forget old deletions."""
    prune_deletions()
    if embeddings_queue_length() > 0:
        return 0
    if not vector_index.exists():
        build_vector_index.delay()
    papers_embedded.send(sweep, paper_ids=[], backlog=0)  # followers catch up (cheap when current)
    missing = paper_ids_needing_embedding(limit=SWEEP_LIMIT)
    if missing:
        enqueue_embedding(missing)
    return len(missing)


@shared_task(acks_late=True, soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
@one_at_a_time
def build_vector_index() -> float | None:
    """Seconds the build took; None when the index is there (an earlier request built it)
    or another process is building it now."""
    if vector_index.exists():
        return None
    return vector_index.build()


def recency_priority(published: dt.date | None, today: dt.date) -> int:
    """The broker priority of work on a paper published then: 0 (served first) for the
    past week, up to 9 for undated papers."""
    if published is None:
        return UNDATED_PRIORITY
    age = (today - published).days
    return next((p for days, p in PRIORITY_BY_AGE if age <= days), OLDEST_PRIORITY)


def embeddings_queue_length() -> int:
    """Tasks waiting in the embeddings queue, over all its priority lists."""
    from config.celery import app

    with app.connection_for_read() as conn:
        channel = conn.default_channel
        names = [EMBEDDINGS_QUEUE] + [
            f"{EMBEDDINGS_QUEUE}{channel.sep}{step}" for step in channel.priority_steps if step
        ]
        with channel.client.pipeline() as pipe:
            for name in names:
                pipe.llen(name)
            return sum(pipe.execute())


@worker_ready.connect
def sweep_when_a_worker_starts(sender, **kwargs) -> None:
    """Catch up at once after imports made while no worker (or broker) was running."""
    sender.app.send_task("papers.tasks.sweep")


@shared_task(soft_time_limit=3 * 3600, time_limit=3 * 3600 + 60)
@one_at_a_time
def refresh_repositories_task() -> str:
    """Stars and last push of linked GitHub repositories (beat: daily, with GITHUB_TOKEN)."""
    from papers.github import refresh_repositories

    return refresh_repositories(settings.GITHUB_REFRESH_LIMIT).summary()


@shared_task(ignore_result=True)
def heartbeat(queue: str) -> None:
    """Note that a worker serving `queue` is alive (beat sends one to each queue)."""
    WorkerHeartbeat.objects.update_or_create(queue=queue, defaults={"seen": timezone.now()})


@shared_task(ignore_result=True, acks_late=False)
@one_at_a_time
def backup_task() -> str:
    """The nightly backup (beat, when BACKUP_DIR is set). Not acknowledged late: a dump
    cut off by a dying worker is not worth repeating before the next night's."""
    report = backups.backup(backups.backup_dir(), settings.BACKUP_KEEP)
    logger.info("backup %s: %d bytes in %.1f s", report.path, report.size, report.seconds)
    return str(report.path)
