"""Reads of the corpus, shared by HTML views, the API and management commands."""

from __future__ import annotations

from django.db.models import F, QuerySet

from papers.models import Paper


def paper_list_newest(category: str | None = None) -> QuerySet[Paper]:
    """Papers newest first (undated ones last), optionally in one category."""
    papers = Paper.objects.defer("search_vector").order_by(
        F("published").desc(nulls_last=True), "-id"
    )
    if category:
        papers = papers.filter(categories__contains=[category])
    return papers
