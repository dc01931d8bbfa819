"""The harvests as Celery tasks, for the beat schedule (HARVEST_ENABLED). A failed harvest
is recorded (HarvestRun) and logged; the next scheduled run resumes it."""

from __future__ import annotations

import logging

from celery import shared_task

from config.celery import one_at_a_time
from papers.harvest.arxiv import harvest_arxiv
from papers.harvest.citations import harvest_citations
from papers.harvest.client import HarvestFailed
from papers.harvest.hf_daily import harvest_hf_daily
from papers.signals import harvest_finished

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=6 * 3600, time_limit=6 * 3600 + 60)
@one_at_a_time
def harvest_arxiv_task() -> int:
    try:
        outcome = harvest_arxiv()
    except HarvestFailed as error:
        logger.error("arXiv harvest failed: %s", error)
        return 0
    harvest_finished.send(harvest_arxiv_task, source="arxiv", created=outcome.upserts.created)
    return outcome.upserts.created + outcome.upserts.updated


@shared_task(soft_time_limit=600, time_limit=660)
@one_at_a_time
def harvest_hf_daily_task() -> int:
    try:
        result, _ = harvest_hf_daily()
    except HarvestFailed as error:
        logger.error("Hugging Face daily harvest failed: %s", error)
        return 0
    harvest_finished.send(harvest_hf_daily_task, source="hf_daily", created=result.created)
    return result.created + result.updated


@shared_task(soft_time_limit=12 * 3600, time_limit=12 * 3600 + 60)
@one_at_a_time
def harvest_citations_task(refresh: bool = False) -> int:
    """New papers' citations (daily), or every paper's counts (refresh, weekly)."""
    try:
        outcome = harvest_citations(refresh=refresh)
    except HarvestFailed as error:
        logger.error("Citation harvest failed: %s", error)
        return 0
    return outcome.stored.known
