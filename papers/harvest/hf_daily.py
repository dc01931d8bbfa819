"""Upvotes from Hugging Face Papers: `/api/daily_papers?date=YYYY-MM-DD` for one day. The
papers we have get their upvotes; those we do not are added (and embedded and indexed as
after an import). The upsert keeps what the listing leaves out, such as categories."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from urllib.parse import urljoin

from django.conf import settings

from papers.harvest.client import PoliteClient
from papers.harvest.runs import recorded_run
from papers.importer import upsert_isolating_failures
from papers.services import UpsertResult
from papers.sources import hf_daily
from papers.sources.record import PaperRecord
from papers.tasks import enqueue_embedding

SOURCE = "hf-daily"


def harvest_hf_daily(
    day: dt.date | None = None,
    base_url: str | None = None,
    *,
    client: PoliteClient | None = None,
    on_rejected: Callable[[str], None] = lambda message: None,
) -> tuple[UpsertResult, list[str]]:
    """(what changed, rejected records) for the day (default: today, UTC)."""
    day = day or dt.datetime.now(dt.UTC).date()
    url = urljoin((base_url or settings.HF_API_URL).rstrip("/") + "/", "api/daily_papers")
    client = client or PoliteClient()
    rejected: list[str] = []

    def reject(message: str) -> None:
        rejected.append(message)
        on_rejected(message)

    with recorded_run(SOURCE) as run:
        items = client.get(url, {"date": day.isoformat()},
                           lambda body: list(hf_daily.read(io.BytesIO(body))))  # fmt: skip
        records = [item for item in items if isinstance(item, PaperRecord)]
        for item in items:
            if not isinstance(item, PaperRecord):
                reject(str(item))
        result = upsert_isolating_failures(records, reject) if records else UpsertResult()
        run.add(result, len(rejected))
    enqueue_embedding(result.changed_ids)
    return result, rejected
