"""How the keyword index of this machine stands against PostgreSQL."""

from __future__ import annotations

import datetime as dt

from papers.models import Paper, PaperDeletion
from search.fulltext.reader import KeywordIndexUnavailable, KeywordReader
from search.fulltext.writer import Watermark, current_generation, index_dir


def keyword_index_status() -> dict[str, object]:
    """Documents, papers in PostgreSQL, lag (changes not yet indexed, and how old the
    watermark is) and size on disk."""
    directory = index_dir()
    generation = current_generation(directory)
    report: dict[str, object] = {"directory": str(directory), "papers": Paper.objects.count()}
    if generation is None:
        return report | {"documents": None, "state": "no index yet: the writer builds it"}
    try:
        documents = KeywordReader().documents()
    except KeywordIndexUnavailable as error:
        return report | {"documents": None, "state": str(error)}
    watermark = Watermark.read(generation)
    since = watermark.since if watermark else dt.datetime.min.replace(tzinfo=dt.UTC)
    pending = Paper.objects.filter(modified__gte=since).count()
    pending += PaperDeletion.objects.filter(deleted_at__gte=since).count()
    size = sum(f.stat().st_size for f in generation.rglob("*") if f.is_file())
    return report | {
        "documents": documents,
        "generation": generation.name,
        "watermark": since.isoformat(),
        "lag_seconds": round((dt.datetime.now(dt.UTC) - since).total_seconds(), 1),
        "changes_waiting": pending,
        "size_mb": round(size / 1e6, 1),
        "state": "ok",
    }
