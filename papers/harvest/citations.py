"""The citation graph from Semantic Scholar's Academic Graph API: each paper's counts
and references, 500 papers a request (`POST /graph/v1/paper/batch`).

Politely: S2_API_KEY as x-api-key, requests S2_REQUEST_INTERVAL apart (its documented
1 request/s with a key), 429 and 5xx answered with Retry-After or doubling, jittered
delays, a 429 storm bounded by S2_MAX_THROTTLED_SECONDS (then HarvestFailed: rerun to
resume). Progress lives in HarvestState("citations"): the run's start and the last paper
done. Each batch's answers and that progress are committed together, so a harvest killed
at any moment resumes at the batch after the last one stored, and re-running a batch is
harmless (edges are upserted per (citing paper, cited work)). A paper Semantic Scholar
does not know is recorded as asked (`citations_checked`, no counts) and not asked again,
except by a refresh while it is young. An answer that stays malformed after the retries
is reported with its batch's ids and skipped, storing nothing of it.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from papers.harvest.client import HarvestFailed, PoliteClient, Politeness, Unreadable
from papers.harvest.runs import recorded_run
from papers.models import HarvestState
from papers.selectors import papers_due_for_citations
from papers.services import CitationsStored, citations_store
from papers.sources.semantic_scholar import FIELDS, read_batch, request_ids

logger = logging.getLogger(__name__)
SOURCE = "citations"


@dataclass
class CitationOutcome:
    batches: int = 0
    asked: int = 0
    stored: CitationsStored = field(default_factory=CitationsStored)
    failed: list[str] = field(default_factory=list)  # batches skipped: why, and their ids
    resumed: bool = False
    requests: int = 0
    throttled_seconds: float = 0.0


def s2_client(sleep: Callable[[float], None] = time.sleep) -> PoliteClient:
    headers = {"x-api-key": settings.S2_API_KEY} if settings.S2_API_KEY else {}
    politeness = Politeness(
        interval=settings.S2_REQUEST_INTERVAL, retries=settings.S2_RETRIES,
        backoff=settings.S2_BACKOFF_SECONDS, max_retry_after=settings.S2_MAX_THROTTLED_SECONDS,
        max_throttles=100, timeout=settings.S2_TIMEOUT_SECONDS,
        max_throttled=settings.S2_MAX_THROTTLED_SECONDS, jitter=0.5,
    )  # fmt: skip
    return PoliteClient(politeness, headers=headers, sleep=sleep)


def harvest_citations(
    base_url: str | None = None,
    since: dt.date | None = None,
    refresh: bool = False,
    *,
    limit: int | None = None,
    client: PoliteClient | None = None,
    on_batch: Callable[[CitationOutcome], None] = lambda outcome: None,
    on_failed: Callable[[str], None] = lambda message: None,
) -> CitationOutcome:
    """Ask about the papers due (papers.selectors.papers_due_for_citations), `limit` at
    most (the next run goes on from there), resuming the harvest in flight when it is
    the one asked for. Raises HarvestFailed (Unreachable: retries or the 429 budget ran
    out) with a message that says how to resume."""
    url = f"{(base_url or settings.S2_API_URL).rstrip('/')}/graph/v1/paper/batch"
    client = client or s2_client()
    state, _ = HarvestState.objects.get_or_create(source=SOURCE)
    flight = _flight(state, since, refresh)
    outcome = CitationOutcome(resumed=flight["after"] > 0)
    started = dt.datetime.fromisoformat(flight["started"])
    unknown_since = started.date() - dt.timedelta(days=settings.CITATIONS_UNKNOWN_RETRY_DAYS)
    with recorded_run(SOURCE) as run:
        while (room := _room(outcome, limit)) and (batch := papers_due_for_citations(
            flight["after"], started, since=since, refresh=refresh,
            unknown_since=unknown_since, limit=room,
        )):  # fmt: skip
            ids = [pid for pid, _ in batch]
            arxiv_ids = [arxiv_id for _, arxiv_id in batch]
            try:
                records = client.request("POST", url, lambda body: read_batch(body, len(batch)),
                                         params={"fields": FIELDS},
                                         json={"ids": request_ids(arxiv_ids)})  # fmt: skip
            except Unreadable as error:
                message = f"{error}; nothing stored of the batch of ids {', '.join(arxiv_ids)}"
                logger.warning("Semantic Scholar: %s", message)
                outcome.failed.append(message)
                on_failed(message)
                records = None
            except HarvestFailed as error:
                raise type(error)(
                    f"{error}. Stopped after {outcome.asked} papers, before {arxiv_ids[0]}; "
                    "run `manage.py harvest --citations` again to resume from there"
                ) from None
            finally:
                outcome.requests = client.requests
                outcome.throttled_seconds = client.throttled_seconds
            with transaction.atomic():
                if records is not None:
                    stored = citations_store(ids, records, timezone.now())
                    _add(outcome.stored, stored)
                flight["after"] = ids[-1]
                _save(state, flight)
            outcome.batches += 1
            outcome.asked += len(batch)
            run.totals(updated=outcome.stored.known, skipped=outcome.stored.unknown)
            on_batch(outcome)
        if _room(outcome, limit):  # every paper due was asked: this harvest is done
            state.harvested_until = started.date()
            _save(state, {})
    return outcome


def _room(outcome: CitationOutcome, limit: int | None) -> int:
    """How many papers the next batch may ask."""
    left = settings.S2_BATCH_SIZE if limit is None else limit - outcome.asked
    return max(0, min(settings.S2_BATCH_SIZE, left))


def _flight(state: HarvestState, since: dt.date | None, refresh: bool) -> dict:
    """The harvest to run: the one in flight when it asks the same, else a new one."""
    flight = state.in_flight or {}
    wanted = {"since": since.isoformat() if since else None, "refresh": refresh}
    if flight and all(flight.get(k) == v for k, v in wanted.items()):
        return flight
    return {**wanted, "started": timezone.now().isoformat(), "after": 0}


def _add(total: CitationsStored, batch: CitationsStored) -> None:
    total.known += batch.known
    total.unknown += batch.unknown
    total.edges += batch.edges
    total.in_corpus += batch.in_corpus


def _save(state: HarvestState, flight: dict) -> None:
    state.in_flight = flight
    state.save(update_fields=["in_flight", "harvested_until"])
