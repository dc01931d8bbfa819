"""Reads of the corpus, shared by HTML views, the API and management commands."""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce

from papers.models import Paper

# Sort keys that are never NULL, so keyset (cursor) pagination stays exact and undated
# or never-upvoted papers come last in either direction.
PAPER_SORT_KEYS = {
    "newest_key": Coalesce("published", Value(dt.date.min)),
    "oldest_key": Coalesce("published", Value(dt.date.max)),
    "upvotes_key": Coalesce("upvotes", Value(-1)),
}
PAPER_ORDERINGS = {
    "newest": ("-newest_key", "-id"),
    "oldest": ("oldest_key", "id"),
    "upvotes": ("-upvotes_key", "-id"),
}


def papers_with_sort_keys() -> QuerySet[Paper]:
    return Paper.objects.defer("search_vector").annotate(**PAPER_SORT_KEYS)


def paper_list_newest(category: str | None = None) -> QuerySet[Paper]:
    """Papers newest first (undated ones last), optionally in one category."""
    papers = papers_with_sort_keys().order_by(F("newest_key").desc(), F("id").desc())
    if category:
        papers = papers.filter(categories__contains=[category])
    return papers
