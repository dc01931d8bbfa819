"""The home page's listings: a page of the newest papers and the lead of today's, kept
in the cache for the day and the corpus as they are. Counting a million papers for the
pager, and ranking the day's by trending, cost tens of milliseconds each; the key changes
with the day, whenever a paper is added or changed, and whenever a citation harvest stores
counts (listing_version), so a new paper or count shows at the next view.

While a harvest is under way its batches would change that key every few seconds, and
every view would build the page again beside the harvest's own work (p95 0.5-0.7 s for
pages during a harvest at 1M): then the key moves once every HARVEST_REFRESH_SECONDS, so
the day's papers show within that, and at the next view once the harvest ends."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page

from papers.daily import DailyQuery, Listing, daily_listing
from papers.filters import Filters
from papers.models import Paper
from papers.pagination import CountedPaginator, EstimatingPaginator
from papers.selectors import harvest_under_way, listing_version, paper_list

LEAD = 5  # papers of the day the home page leads with
FRONT_PAGE_SECONDS = 24 * 3600  # the key changes with the day anyway
HARVEST_REFRESH_SECONDS = 60


@dataclass(frozen=True)
class Today:
    """The lead of the latest day's listing."""

    query: DailyQuery
    start: dt.date | None
    label: str
    count: int
    papers: list[Paper]  # the first LEAD, trending first


@dataclass(frozen=True)
class FrontPage:
    papers: list[Paper]  # this page of the newest-first listing
    number: int
    count: int  # papers in the whole listing
    estimated: bool  # `count` is PostgreSQL's estimate (papers.pagination)
    page_size: int
    today: Today

    def page(self) -> Page:
        """A paginator's page of these papers, as templates use one (counted already)."""
        paginator = CountedPaginator([], self.page_size, self.count, self.estimated)
        return Page(self.papers, self.number, paginator)


def front_page(category: str | None, after: dt.date | None, page: str | int | None,
               page_size: int) -> FrontPage:  # fmt: skip
    asked = (dt.date.today(), _version(), category, after, str(page), page_size)
    key = "front-page:" + hashlib.sha256(repr(asked).encode()).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = _front_page(category, after, page, page_size)
        cache.set(key, cached, FRONT_PAGE_SECONDS)
    return cached


def _version() -> tuple:
    since = harvest_under_way()
    if since is None:
        return listing_version()
    return "harvest", since, int(time.time() // HARVEST_REFRESH_SECONDS)


def _front_page(category: str | None, after: dt.date | None, page: str | int | None,
                page_size: int) -> FrontPage:  # fmt: skip
    listing = paper_list(Filters(categories=(category,) if category else (), after=after))
    shown = EstimatingPaginator(listing, page_size).get_page(page)
    today = daily_listing(DailyQuery(category=category))
    return FrontPage(list(shown.object_list), shown.number, shown.paginator.count,
                     shown.paginator.estimated, page_size, _lead(today))  # fmt: skip


def _lead(listing: Listing) -> Today:
    return Today(listing.query, listing.start, listing.label, listing.papers.count(),
                 list(listing.papers[:LEAD]))  # fmt: skip
