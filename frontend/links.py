"""URLs of the listing pages and their feeds, built in one place so pages, feeds and
`<link rel="alternate">` agree. Defaults are left out, so each page has one URL."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from django.urls import reverse

from papers.daily import DailyQuery


def daily_url(query: DailyQuery) -> str:
    path = (reverse("frontend:daily-day", args=[query.date.isoformat()]) if query.date
            else reverse("frontend:daily"))  # fmt: skip
    params = {"period": query.period if query.period != "day" else None,
              "category": query.category,
              "sort": query.sort if query.sort != "trending" else None,
              "page": query.page if query.page != 1 else None,
              "has_code": "true" if query.has_code else None}  # fmt: skip
    return _with_query(path, params)


def daily_feed_url(category: str | None, sort: str = "trending") -> str:
    params = {"category": category, "sort": sort if sort != "trending" else None}
    return _with_query(reverse("frontend:feed-daily"), params)


def category_feed_url(category: str) -> str:
    return reverse("frontend:feed-category", args=[category])


def search_feed_url(params: Mapping[str, str | list[str]]) -> str:
    """The feed of a search page's query: its parameters, less paging and sorting (a feed
    is always newest first)."""
    return _with_query(reverse("frontend:feed-search"), _search_only(params))


def search_map_url(params: Mapping[str, str | list[str]]) -> str:
    """The same search highlighted on the map of the field."""
    return _with_query(reverse("frontend:map"), _search_only(params))


def search_url(params: Mapping[str, str | list[str]]) -> str:
    """The search page of a feed's query."""
    return _with_query(reverse("frontend:search"), _search_only(params))


def _search_only(params: Mapping) -> dict:
    return {k: v for k, v in params.items() if k not in ("page", "k", "sort")}


def _with_query(path: str, params: Mapping) -> str:
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(params, doseq=True)}" if params else path
